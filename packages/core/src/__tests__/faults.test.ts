import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { describe, expect, it } from "vitest";
import {
  createDashScope,
  type DashScopeProviderSettings,
  RerankAPIError,
  RerankError,
  RerankNetworkError,
  RerankResponseValidationError,
  RerankRetryError,
  RerankTimeoutError,
  rerank,
} from "../index.js";
import { recordingSleep } from "../test/index.js";

const apiKey = "sk-test-0123456789abcdef";

const documents = ["red apple", "green apple pie", "blue sky"];

describe("faults and retries (docs/dashscope-api.md §4)", () => {
  const context = useRerankServer({ apiKey });
  const provider = (settings: DashScopeProviderSettings = {}) =>
    createDashScope({ apiKey, baseURL: context.baseURL, ...settings });
  const call = (settings: Parameters<typeof rerank>[0] extends infer O ? Partial<O> : never = {}) =>
    rerank({
      model: provider().rerankModel("qwen3-rerank"),
      query: "apple",
      documents,
      retry: { sleep: async () => {} },
      ...settings,
    });

  it("retries a 429 and honours Retry-After in seconds and as an HTTP date", async () => {
    const sleep = recordingSleep();
    context.server.enqueue(
      { type: "status", status: 429, headers: { "retry-after": "3" } },
      { type: "status", status: 429, headers: { "retry-after": new Date(Date.now() + 5_000).toUTCString() } },
    );
    const { results } = await call({ retry: { sleep: sleep.sleep } });
    expect(context.server.calls).toHaveLength(3);
    expect(results.map((result) => result.index).sort()).toEqual([0, 1, 2]);
    expect(sleep.delays[0]).toBe(3_000);
    expect(sleep.delays[1]).toBeGreaterThan(3_000);
    expect(sleep.delays[1]).toBeLessThanOrEqual(5_000);
  });

  it("clamps Retry-After to maxRetryAfterMs and uses full-jitter backoff otherwise", async () => {
    const sleep = recordingSleep();
    context.server.enqueue(
      { type: "status", status: 429, headers: { "retry-after": "3600" } },
      { type: "status", status: 500 },
      { type: "status", status: 503 },
    );
    await call({
      maxRetries: 3,
      retry: { sleep: sleep.sleep, maxRetryAfterMs: 2_000, initialDelayMs: 100, random: () => 0.5 },
    });
    expect(sleep.delays).toEqual([2_000, 100, 200]);
  });

  it.each([408, 409, 500, 502, 503, 504])("retries HTTP %i and then succeeds", async (status) => {
    context.server.enqueue({ type: "status", status });
    const { results } = await call();
    expect(results).toHaveLength(3);
    expect(context.server.calls).toHaveLength(2);
  });

  it("gives up after maxRetries with a RerankRetryError that carries every attempt", async () => {
    context.server.enqueue(...Array.from({ length: 3 }, () => ({ type: "status" as const, status: 503 })));
    const error = await call().catch((caught: unknown) => caught);
    expect(RerankRetryError.isInstance(error)).toBe(true);
    const retry = error as RerankRetryError;
    expect(retry.reason).toBe("maxRetriesExceeded");
    expect(retry.errors).toHaveLength(3);
    expect(retry.status).toBe(503);
    expect(RerankAPIError.isInstance(retry.lastError)).toBe(true);
    expect(context.server.calls).toHaveLength(3);
  });

  it("does not retry a 401 and surfaces status, API code and request id", async () => {
    const model = provider({ apiKey: "sk-wrong-key" }).rerankModel("qwen3-rerank");
    const error = await rerank({ model, query: "apple", documents }).catch((caught: unknown) => caught);
    expect(RerankAPIError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, apiCode: "InvalidApiKey", isRetryable: false, code: "RERANK_ERR_API" });
    expect((error as RerankAPIError).requestId).toMatch(/\S/);
    expect((error as Error).message).toMatch(
      /^DashScope rerank failed: 401 InvalidApiKey: .*\(request_id=.+\) POST http/,
    );
    expect((error as Error).message).not.toContain("sk-wrong-key");
    expect(context.server.calls).toHaveLength(1);
  });

  it("does not retry a 400 InvalidParameter", async () => {
    context.server.enqueue({ type: "status", status: 400 });
    const error = await call().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400, apiCode: "InvalidParameter", isRetryable: false });
    expect(context.server.calls).toHaveLength(1);
  });

  it("treats an error body inside HTTP 200 as an error, retried when it is throttling", async () => {
    context.server.enqueue({ type: "error-in-200", code: "Throttling.RateQuota", message: "slow down" });
    expect((await call()).results).toHaveLength(3);
    context.server.reset();
    context.server.enqueue({ type: "error-in-200", code: "InvalidParameter", message: "bad" });
    const error = await call().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 200, apiCode: "InvalidParameter", isRetryable: false });
  });

  it.each([
    ["invalid JSON", { type: "invalid-json" as const }, RerankResponseValidationError],
    ["an HTML page with 200", { type: "html" as const, status: 200 }, RerankResponseValidationError],
    ["an HTML page with 502", { type: "html" as const, status: 502 }, RerankAPIError],
    ["a truncated body", { type: "truncated" as const }, RerankNetworkError],
    ["a reset connection", { type: "reset" as const }, RerankNetworkError],
    [
      "an out-of-range index",
      {
        type: "mutate" as const,
        fn: (body: unknown) => withResults(body, (results) => [{ ...results[0]!, index: 7 }, ...results.slice(1)]),
      },
      RerankResponseValidationError,
    ],
    [
      "a duplicate index",
      {
        type: "mutate" as const,
        fn: (body: unknown) => withResults(body, (results) => [results[0]!, results[0]!, ...results.slice(2)]),
      },
      RerankResponseValidationError,
    ],
    [
      "a missing score",
      {
        type: "mutate" as const,
        fn: (body: unknown) => withResults(body, (results) => results.map(({ relevance_score: _, ...rest }) => rest)),
      },
      RerankResponseValidationError,
    ],
    [
      "a NaN score",
      {
        type: "response" as const,
        body: '{"output":{"results":[{"index":0,"relevance_score":NaN}]},"request_id":"x"}',
      },
      RerankResponseValidationError,
    ],
    [
      "fewer results than asked",
      { type: "mutate" as const, fn: (body: unknown) => withResults(body, (results) => results.slice(1)) },
      RerankResponseValidationError,
    ],
    ["a wrong shape", { type: "response" as const, body: { results: [] } }, RerankResponseValidationError],
  ])("rejects %s, retries it, and never returns a wrong ranking", async (_name, fault, ErrorClass) => {
    context.server.enqueue(fault, fault, fault);
    const error = await call().catch((caught: unknown) => caught);
    expect(RerankRetryError.isInstance(error)).toBe(true);
    expect(ErrorClass.isInstance((error as RerankRetryError).lastError)).toBe(true);
    expect(context.server.calls).toHaveLength(3);
    context.server.reset();
    context.server.enqueue(fault);
    const { results } = await call();
    expect(results.map((result) => result.index).sort()).toEqual([0, 1, 2]);
  });

  it("times out a hanging attempt, then retries", async () => {
    context.server.enqueue({ type: "hang" });
    const { results } = await call({ timeoutMs: 100 });
    expect(results).toHaveLength(3);
    context.server.reset();
    context.server.enqueue({ type: "hang" });
    const error = await call({ timeoutMs: 100, maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(RerankTimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ timeoutMs: 100, isRetryable: true });
  });

  it("stops at deadlineMs across retries", async () => {
    context.server.enqueue({ type: "hang" }, { type: "hang" }, { type: "hang" });
    const error = await call({ timeoutMs: 5_000, deadlineMs: 150 }).catch((caught: unknown) => caught);
    expect(RerankTimeoutError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/deadline of 150 ms/);
  });

  it("rethrows the caller's abort reason and never retries it", async () => {
    context.server.enqueue({ type: "hang" });
    const controller = new AbortController();
    const reason = new Error("user cancelled");
    const pending = call({ abortSignal: controller.signal });
    setTimeout(() => controller.abort(reason), 30);
    await expect(pending).rejects.toBe(reason);
    expect(context.server.calls).toHaveLength(1);
  });

  it("aborts during a backoff wait", async () => {
    context.server.enqueue({ type: "status", status: 503 });
    const controller = new AbortController();
    const pending = call({
      abortSignal: controller.signal,
      retry: {
        sleep: (_ms, signal) =>
          new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(signal.reason))),
      },
    });
    setTimeout(() => controller.abort(new Error("stop")), 30);
    await expect(pending).rejects.toThrow("stop");
    expect(context.server.calls).toHaveLength(1);
  });

  it("keeps the API key out of every error's message, stack and JSON", async () => {
    const faults = [
      { type: "status" as const, status: 401 },
      { type: "reset" as const },
      { type: "invalid-json" as const },
    ];
    for (const fault of faults) {
      context.server.enqueue(fault);
      const error = await call({ maxRetries: 0 }).catch((caught: unknown) => caught);
      expect(RerankError.isInstance(error)).toBe(true);
      const text = `${(error as Error).message}\n${(error as Error).stack}\n${JSON.stringify(error)}`;
      expect(text).not.toContain(apiKey);
    }
  });
});

type Result = { index: number; relevance_score?: number };
function withResults(body: unknown, change: (results: Result[]) => Result[]) {
  const typed = body as { output: { results: Result[] } };
  return { ...typed, output: { results: change(typed.output.results) } };
}
