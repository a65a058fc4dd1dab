/**
 * What each typed error carries, triggered against the local server's fault queue (so this example always runs
 * offline). Every error is a `RerankError` with a stable `code`; use the static `isInstance()` guards, which also work
 * across duplicate installs of the package.
 *   pnpm --filter examples run errors
 */
import {
  createDashScope,
  InvalidArgumentError,
  LoadAPIKeyError,
  RerankAPIError,
  RerankError,
  RerankNetworkError,
  RerankResponseValidationError,
  RerankRetryError,
  RerankTimeoutError,
  rerank,
} from "@qwen-rerank/core";
import { faults } from "@qwen-rerank/testing";
import { formatError, run } from "../lib/run.js";

const documents = ["Returns are free within 30 days.", "Standard shipping takes three to five days."];
const query = "return policy";
// Tiny backoff so the retry scenarios finish at once; the defaults start at 500 ms.
const fastRetry = { initialDelayMs: 1, maxDelayMs: 5 };

/** Runs `attempt`, which must fail, and prints what the error carries. */
async function show(
  title: string,
  attempt: () => Promise<unknown>,
  describe: (error: unknown) => string[],
): Promise<void> {
  try {
    await attempt();
  } catch (error) {
    console.log(`\n## ${title}`);
    console.log(`  ${formatError(error)}`);
    for (const line of describe(error)) console.log(`  ${line}`);
    if (!RerankError.isInstance(error)) throw error;
    return;
  }
  throw new Error(`${title}: expected an error, but the call succeeded`);
}

run(
  async ({ model, server, baseURL }) => {
    const fail = server!;

    await show(
      "401: wrong API key",
      () =>
        rerank({
          model: createDashScope({ apiKey: "wrong-key", baseURL }).rerankModel("qwen3-vl-rerank"),
          query,
          documents,
        }),
      (error) =>
        RerankAPIError.isInstance(error)
          ? [
              `RerankAPIError: status=${error.status} apiCode=${error.apiCode} requestId=${error.requestId} isRetryable=${error.isRetryable}`,
              `url=${error.url}`,
              `responseBody=${error.responseBody}`,
            ]
          : [],
    );

    fail.enqueue(faults.rateLimited(0), faults.rateLimited(0), faults.rateLimited(0));
    await show(
      "429 three times: retries exhausted",
      () => rerank({ model, query, documents, maxRetries: 2, retry: fastRetry }),
      (error) =>
        RerankRetryError.isInstance(error)
          ? [
              `RerankRetryError: reason=${error.reason} attempts=${error.errors.length} status=${error.status} apiCode=${error.apiCode} requestId=${error.requestId}`,
              `lastError: ${formatError(error.lastError)}`,
            ]
          : [],
    );

    await show(
      "invalid argument: a local file without allowedLocalRoots",
      () => rerank({ model, query, documents: [{ image: "/etc/passwd.png" }] }),
      (error) =>
        InvalidArgumentError.isInstance(error)
          ? [`InvalidArgumentError: argument=${error.argument} (no request was sent)`]
          : [],
    );

    fail.enqueue(faults.hang());
    await show(
      "timeout: the server never answers",
      () => rerank({ model, query, documents, timeoutMs: 300, maxRetries: 0 }),
      (error) =>
        RerankTimeoutError.isInstance(error)
          ? [`RerankTimeoutError: timeoutMs=${error.timeoutMs} isRetryable=${error.isRetryable} url=${error.url}`]
          : [],
    );

    fail.enqueue(faults.reset());
    await show(
      "network: connection reset",
      () => rerank({ model, query, documents, maxRetries: 0 }),
      (error) =>
        RerankNetworkError.isInstance(error)
          ? [`RerankNetworkError: networkCode=${error.networkCode} isRetryable=${error.isRetryable}`]
          : [],
    );

    fail.enqueue(faults.invalidJson());
    await show(
      "bad answer: 200 with a body that is not JSON",
      () => rerank({ model, query, documents, maxRetries: 0 }),
      (error) =>
        RerankResponseValidationError.isInstance(error)
          ? [
              `RerankResponseValidationError: status=${error.status} requestId=${error.requestId} body starts ${JSON.stringify(error.responseBody.slice(0, 30))}`,
            ]
          : [],
    );

    const savedKey = process.env.DASHSCOPE_API_KEY;
    delete process.env.DASHSCOPE_API_KEY;
    await show(
      "no API key at all",
      () => rerank({ model: createDashScope({ baseURL }).rerankModel("qwen3-vl-rerank"), query, documents }),
      (error) =>
        LoadAPIKeyError.isInstance(error)
          ? ["LoadAPIKeyError: read lazily on the first request; the message says how to set it"]
          : [],
    ).finally(() => {
      if (savedKey !== undefined) process.env.DASHSCOPE_API_KEY = savedKey;
    });

    // A retryable failure that clears up: no error reaches the caller.
    fail.enqueue(faults.serverError(503));
    const recovered = await rerank({
      model,
      query,
      documents,
      retry: { ...fastRetry, onRetry: () => console.log("\n## 503 once, then success\n  retrying after 503 ...") },
    });
    console.log(
      `  recovered: best document is #${recovered.results[0]!.index}, ${recovered.requestCount} request (retries are not counted)`,
    );
  },
  { forceOffline: true },
);
