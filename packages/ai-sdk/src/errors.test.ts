import { inspect } from "node:util";
import { RerankAPIError, RerankRetryError, RerankTimeoutError } from "@qwen-rerank/core";
import { instantRetry } from "@qwen-rerank/core/test";
import { faults } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { APICallError, InvalidArgumentError, LoadAPIKeyError, RetryError, rerank } from "ai";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createQwenRerank, type QwenRerankErrorData } from "./index.js";

const apiKey = "sk-aisdk-secret-9f8e7d6c5b4a";
const query = "red running shoes";
const documents = ["red running shoes", "blue hat", "pasta"];

const server = useRerankServer({ apiKey });
const model = (settings = {}) =>
  createQwenRerank({ apiKey, baseURL: server.baseURL }).reranking("qwen3-vl-rerank", {
    retry: instantRetry,
    ...settings,
  });

/** The rejection of `promise`, which must reject. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

/** Every way an error is shown or sent somewhere: none may carry the key. */
function expectNoKey(error: unknown) {
  const seen = [String(error), inspect(error, { depth: 8 }), JSON.stringify(error), (error as Error).stack ?? ""];
  for (const text of seen) expect(text).not.toContain(apiKey);
  expect(seen.join("\n")).not.toContain(apiKey.slice(3, 15));
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("errors of a Qwen reranking model under the AI SDK's rerank()", () => {
  it("turns a 401 into an APICallError that neither the core nor the SDK retries, without the key", async () => {
    const error = await failure(
      rerank({
        model: createQwenRerank({ apiKey: `${apiKey}-wrong`, baseURL: server.baseURL }).reranking("qwen3-vl-rerank"),
        query,
        documents,
      }),
    );

    expect(APICallError.isInstance(error)).toBe(true);
    const apiError = error as APICallError;
    expect(apiError.statusCode).toBe(401);
    expect(apiError.isRetryable).toBe(false);
    expect(apiError.url).toBe(`${server.baseURL}/services/rerank/text-rerank/text-rerank`);
    expect(JSON.parse(apiError.responseBody!)).toMatchObject({ code: "InvalidApiKey" });
    const [call] = server.server.calls;
    expect(apiError.data).toEqual({
      code: "RERANK_ERR_API",
      apiCode: "InvalidApiKey",
      requestId: call!.requestId,
      retryable: false,
      attempts: 1,
      retryReason: undefined,
      retryAfterMs: undefined,
      networkCode: undefined,
    } satisfies QwenRerankErrorData);
    expect(RerankAPIError.isInstance(apiError.cause)).toBe(true);
    expect(apiError.message).toContain(`request_id=${call!.requestId}`);
    expect(server.server.calls).toHaveLength(1);
    expectNoKey(error);
  });

  it("retries a 500 in the core only: after its 3 attempts the SDK's maxRetries adds none", async () => {
    server.server.enqueue(faults.serverError(), faults.serverError(), faults.serverError());
    const error = await failure(rerank({ model: model(), query, documents, maxRetries: 2 }));

    // With isRetryable true the SDK would have tried the core's three attempts three times over.
    expect(server.server.calls).toHaveLength(3);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(RetryError.isInstance(error)).toBe(false);
    const apiError = error as APICallError;
    expect(apiError.statusCode).toBe(500);
    expect(apiError.isRetryable).toBe(false);
    expect(apiError.data).toMatchObject({
      code: "RERANK_ERR_API",
      apiCode: "InternalError",
      requestId: server.server.calls[2]!.requestId,
      retryable: true,
      attempts: 3,
      retryReason: "maxRetriesExceeded",
    });
    expect(RerankRetryError.isInstance(apiError.cause)).toBe(true);
    expect((apiError.cause as RerankRetryError).errors).toHaveLength(3);
    expectNoKey(error);
  });

  it("keeps Retry-After and the core's maxRetries from providerOptions", async () => {
    server.server.enqueue(faults.rateLimited(0), faults.rateLimited(0));
    const error = await failure(
      rerank({ model: model(), query, documents, providerOptions: { qwen: { maxRetries: 1 } } }),
    );

    expect(server.server.calls).toHaveLength(2);
    expect((error as APICallError).statusCode).toBe(429);
    expect((error as APICallError).responseHeaders).toMatchObject({ "retry-after": "0" });
    expect((error as APICallError).data).toMatchObject({
      attempts: 2,
      retryAfterMs: 0,
      apiCode: "Throttling.RateQuota",
    });
  });

  it("turns a connection reset into an APICallError without a status", async () => {
    server.server.enqueue(faults.reset());
    const error = await failure(rerank({ model: model({ maxRetries: 0 }), query, documents }));

    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBeUndefined();
    expect((error as APICallError).isRetryable).toBe(false);
    expect((error as APICallError).data).toMatchObject({ code: "RERANK_ERR_NETWORK", retryable: true, attempts: 1 });
    expect(typeof (error as { data: QwenRerankErrorData }).data.networkCode).toBe("string");
  });

  it("turns a malformed 200 into an APICallError with the body, as the SDK does for invalid JSON", async () => {
    server.server.enqueue(faults.invalidJson());
    const error = await failure(rerank({ model: model({ maxRetries: 0 }), query, documents }));

    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).statusCode).toBe(200);
    expect((error as APICallError).responseBody?.length).toBeGreaterThan(0);
    expect((error as APICallError).data).toMatchObject({ code: "RERANK_ERR_RESPONSE_VALIDATION" });
  });

  it("rejects with the caller's abort reason as it is, and sends nothing more", async () => {
    server.server.enqueue(faults.hang());
    const controller = new AbortController();
    const pending = failure(rerank({ model: model(), query, documents, abortSignal: controller.signal }));
    await vi.waitFor(() => expect(server.server.calls).toHaveLength(1));
    controller.abort();

    const error = await pending;
    expect(error).toBe(controller.signal.reason);
    expect((error as Error).name).toBe("AbortError");
    expect(server.server.calls).toHaveLength(1);
  });

  it("turns an attempt's timeout into an APICallError, and leaves the call's deadline as the core's error", async () => {
    server.server.enqueue(faults.hang());
    const attempt = await failure(
      rerank({ model: model(), query, documents, providerOptions: { qwen: { timeoutMs: 30, maxRetries: 0 } } }),
    );
    server.server.enqueue(faults.hang());
    const deadline = await failure(
      rerank({ model: model(), query, documents, providerOptions: { qwen: { deadlineMs: 30 } } }),
    );

    expect(APICallError.isInstance(attempt)).toBe(true);
    expect((attempt as APICallError).data).toMatchObject({ code: "RERANK_ERR_TIMEOUT", retryable: true, attempts: 1 });
    // A deadline is the caller's own limit, like an abort: nothing to retry, and no API call to blame.
    expect(RerankTimeoutError.isInstance(deadline)).toBe(true);
    expect(APICallError.isInstance(deadline)).toBe(false);
  });

  it("refuses bad providerOptions with the SDK's InvalidArgumentError before any request", async () => {
    const call = (qwen: Record<string, unknown>) =>
      failure(rerank({ model: model(), query, documents, providerOptions: { qwen: qwen as never } }));

    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ fps: 2 }, "providerOptions.qwen.fps", /must be at most 1/],
      [{ instruction: "typo" }, "providerOptions.qwen.instruction", /unknown option instruction/],
      [{ topN: 2 }, "providerOptions.qwen.topN", /belongs to rerank\(\) itself/],
      [{ mixedContent: "all" }, "providerOptions.qwen.mixedContent", /must be one of/],
    ];
    for (const [qwen, argument, message] of cases) {
      const error = await call(qwen);
      expect(InvalidArgumentError.isInstance(error), argument).toBe(true);
      expect((error as InvalidArgumentError & { argument: string }).argument).toBe(argument);
      expect((error as Error).message).toMatch(message);
    }
    expect(server.server.calls).toHaveLength(0);
  });

  it("refuses bad documents and topN by the name rerank() gives them", async () => {
    const empty = await failure(rerank({ model: model(), query, documents: ["red shoes", "  "] }));
    const badImage = await failure(rerank({ model: model(), query, documents: [{ image: "not a url" }] }));
    const topN = await failure(rerank({ model: model(), query, documents, topN: 0 }));

    expect([empty, badImage, topN].map((error) => (error as { argument?: unknown }).argument)).toEqual([
      "documents[1]",
      "documents[0].image",
      "topN",
    ]);
    for (const error of [empty, badImage, topN]) expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(server.server.calls).toHaveLength(0);
  });

  it("refuses bad model settings when the model is made", () => {
    const provider = createQwenRerank({ apiKey, baseURL: server.baseURL });
    expect(() => provider.reranking("qwen3-vl-rerank", { timeoutMs: -1 })).toThrow(
      expect.objectContaining({ argument: "settings.timeoutMs" }),
    );
    expect(() => provider.reranking("qwen3-vl-rerank", { api: "openai" as never })).toThrow(
      expect.objectContaining({ argument: "settings.api" }),
    );
    expect(() => createQwenRerank({ baseURL: "ftp://example.com" })).toThrow(
      expect.objectContaining({ name: "AI_InvalidArgumentError", argument: "baseURL" }),
    );
  });

  it("throws the SDK's LoadAPIKeyError on the first request when no key is set", async () => {
    vi.stubEnv("DASHSCOPE_API_KEY", "");
    const error = await failure(
      rerank({ model: createQwenRerank({ baseURL: server.baseURL }).reranking("qwen3-vl-rerank"), query, documents }),
    );

    expect(LoadAPIKeyError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/DASHSCOPE_API_KEY/);
    expect(server.server.calls).toHaveLength(0);
  });
});
