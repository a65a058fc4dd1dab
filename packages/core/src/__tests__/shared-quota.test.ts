import { describe, expect, it } from "vitest";
import {
  createDashScope,
  createRetryBudget,
  type RateLimitCost,
  RerankAPIError,
  type RerankRateLimiter,
  RerankRetryError,
  rerank,
} from "../index.js";
import { instantRetry, MockRerankModel } from "../test/index.js";

const unavailable = () => new RerankAPIError({ provider: "Mock", status: 503, url: "mock://" });
const throttled = (retryAfterMs: number) =>
  new RerankAPIError({ provider: "Mock", status: 429, apiCode: "Throttling.RateQuota", url: "mock://", retryAfterMs });

/** A limiter that lets everything through and remembers what it was asked. */
function recordingLimiter() {
  const acquired: RateLimitCost[] = [];
  const backOffs: number[] = [];
  const limiter: RerankRateLimiter = {
    acquire: async (cost) => void acquired.push(cost),
    backOff: (delayMs) => void backOffs.push(delayMs),
  };
  return { limiter, acquired, backOffs };
}

describe("a limiter and a retry budget shared by calls", () => {
  it("asks the limiter before every attempt, retries included, with the batch's estimated tokens", async () => {
    const { limiter, acquired } = recordingLimiter();
    const model = new MockRerankModel({ limits: { maxTotalDocumentsPerCall: 2 } }).failNext(unavailable());
    await rerank({
      model,
      query: "q",
      documents: ["alpha", "beta", "gamma"],
      rateLimiter: limiter,
      retry: instantRetry,
      maxParallelCalls: 1,
    });
    expect(model.calls).toHaveLength(3);
    expect(acquired).toHaveLength(3);
    expect(acquired.every((cost) => cost.requests === 1 && cost.tokens > 0)).toBe(true);
    // The retry of the first batch costs what its first attempt did.
    expect(acquired[1]).toEqual(acquired[0]);
  });

  it("holds the whole limiter back when a 429 says how long to wait", async () => {
    const { limiter, backOffs } = recordingLimiter();
    const model = new MockRerankModel().failNext(throttled(1_500));
    await rerank({ model, query: "q", documents: ["a"], rateLimiter: limiter, retry: instantRetry });
    expect(backOffs).toEqual([1_500]);
  });

  it("stops retrying once the shared budget is spent, and refills it with successes", async () => {
    const budget = createRetryBudget({ capacity: 10, retryCost: 5, successRefill: 5 });
    const model = new MockRerankModel();
    const outage = async (failures: number) => {
      model.failNext(...Array.from({ length: failures }, unavailable));
      return rerank({ model, query: "q", documents: ["a"], retry: instantRetry, retryBudget: budget }).catch(
        (error) => error,
      );
    };
    // 10 units pay for two retries: the first call makes all three attempts.
    const first = await outage(3);
    expect(RerankRetryError.isInstance(first) && first.reason).toBe("maxRetriesExceeded");
    expect(model.calls).toHaveLength(3);
    // The budget is empty: the next call tries once, and its error is final.
    const second = await outage(1);
    expect(RerankAPIError.isInstance(second) && second.status).toBe(503);
    expect(model.calls).toHaveLength(4);
    // Two successes refill it; a retry is possible again.
    model.answerNext({ ranking: [{ index: 0, score: 1 }], usage: { totalTokens: 1 }, requestId: "r" });
    model.answerNext({ ranking: [{ index: 0, score: 1 }], usage: { totalTokens: 1 }, requestId: "r" });
    model.failNext(unavailable());
    await rerank({ model, query: "q", documents: ["a"], retryBudget: budget });
    await rerank({ model, query: "q", documents: ["a"], retryBudget: budget });
    await expect(
      rerank({ model, query: "q", documents: ["a"], retry: instantRetry, retryBudget: budget }),
    ).resolves.toBeDefined();
  });

  it("shares one retry budget among all the models of a provider", () => {
    const provider = createDashScope({ apiKey: "sk-test" });
    const budget = provider.rerankModel("qwen3-vl-rerank").retryBudget;
    expect(budget).toBeDefined();
    expect(provider.rerankModel("qwen3-rerank").retryBudget).toBe(budget);
    expect(createDashScope({ apiKey: "sk-test" }).rerankModel("qwen3-rerank").retryBudget).not.toBe(budget);
  });

  it("retries every time with retryBudget: false", async () => {
    const model = new MockRerankModel();
    for (let call = 0; call < 3; call++) {
      model.failNext(unavailable(), unavailable(), unavailable());
      await rerank({ model, query: "q", documents: ["a"], retry: instantRetry, retryBudget: false }).catch(
        () => undefined,
      );
    }
    expect(model.calls).toHaveLength(9);
  });

  it("adds up usage over batches, with the image and text parts when every request reports them", async () => {
    const model = new MockRerankModel({ limits: { maxTotalDocumentsPerCall: 1 } });
    const answer = (image: number | undefined, text: number) => ({
      ranking: [{ index: 0, score: 0.5 }],
      usage: { totalTokens: undefined, imageTokens: image, textTokens: text },
      requestId: "r",
    });
    model.answerNext(answer(100, 7)).answerNext(answer(50, 3));
    const both = await rerank({ model, query: "q", documents: ["a", "b"], maxParallelCalls: 1 });
    expect(both.usage).toEqual({ totalTokens: 160, imageTokens: 150, textTokens: 10 });
    model.answerNext(answer(100, 7)).answerNext(answer(undefined, 3));
    const partial = await rerank({ model, query: "q", documents: ["a", "b"], maxParallelCalls: 1 });
    expect(partial.usage).toEqual({ totalTokens: 110, textTokens: 10 });
  });
});
