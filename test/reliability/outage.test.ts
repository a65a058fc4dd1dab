import { createDashScope, RerankError, rerank } from "@qwen-rerank/core";
import { instantRetry } from "@qwen-rerank/core/test";
import { describe, expect, it } from "vitest";
import { apiKey, useReliability, useServer } from "./helpers.js";

// Issue "A fleet on one account", item 3: a long outage must not become a retry storm. 640 calls, 64 in flight, every
// answer a 503: with the provider's retry budget the load stays near one request per call; without it, each call
// makes all its attempts. Once the service answers again, calls succeed at once.

const calls = 640;
const concurrency = 64;

/** Runs `calls` reranks `concurrency` at a time and counts what happened. */
async function fleet(run: () => Promise<unknown>): Promise<{ failed: number; succeeded: number }> {
  let next = 0;
  let failed = 0;
  let succeeded = 0;
  const worker = async () => {
    while (next++ < calls) {
      await run().then(
        () => void succeeded++,
        (error: unknown) => {
          if (!RerankError.isInstance(error)) throw error;
          failed++;
        },
      );
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { failed, succeeded };
}

describe(`outage: ${calls} calls, ${concurrency} in flight, every answer a 503`, () => {
  const reliability = useReliability("outage");
  const context = useServer();
  const documents = ["red running shoes", "pasta recipes", "trail running shoes"];

  it("sends about one request per call with the retry budget, and recovers at once", async () => {
    const model = createDashScope({ apiKey, baseURL: context.baseURL, dispatcher: context.dispatcher }).rerankModel(
      "qwen3-rerank",
    );
    const call = () => rerank({ model, query: "running shoes", documents, retry: instantRetry });
    const stop = context.server.onCall(() => ({ type: "status", status: 503 }));
    const outage = await fleet(call);
    const outageRequests = context.server.calls.length;
    stop();
    context.server.reset();
    const started = performance.now();
    const firstAfter = await call();
    const recoveryMs = performance.now() - started;
    const after = await fleet(call);

    expect(outage).toEqual({ failed: calls, succeeded: 0 });
    expect(outageRequests / calls).toBeLessThanOrEqual(1.25);
    expect(firstAfter.requestCount).toBe(1);
    expect(after).toEqual({ failed: 0, succeeded: calls });
    // Every call after the outage needed one request: none waited for, or spent, a retry.
    expect(context.server.calls).toHaveLength(calls + 1);
    Object.assign(reliability.figures, {
      calls,
      concurrency,
      requestsPerCall: Number((outageRequests / calls).toFixed(3)),
      recoveryMs: Math.round(recoveryMs),
      failedAfterRecovery: after.failed,
    });
  });

  it("without it (retryBudget: false), every call makes all three attempts", async () => {
    const model = createDashScope({ apiKey, baseURL: context.baseURL, dispatcher: context.dispatcher }).rerankModel(
      "qwen3-rerank",
    );
    const call = () => rerank({ model, query: "running shoes", documents, retry: instantRetry, retryBudget: false });
    context.server.onCall(() => ({ type: "status", status: 503 }));
    await fleet(call);
    const perCall = context.server.calls.length / calls;
    expect(perCall).toBe(3);
    reliability.figures.requestsPerCallWithoutBudget = perCall;
  });
});
