import { describe, expect, it } from "vitest";
import { estimateTextTokens } from "./estimate-text-tokens.js";
import { routePaths } from "./route-dialect.js";
import { useRerankServer } from "./vitest/index.js";

const { native, compatible, vllm } = routePaths;
const request = { model: "qwen3-rerank", input: { query: "q", documents: ["abcd"] } }; // 2 tokens

/** A clock a test moves by hand. */
function manualClock() {
  const clock = { ms: 1_000_000, now: () => clock.ms };
  return clock;
}

// docs/dashscope-api.md §4.2
describe("requests per minute, enforced per second", () => {
  const clock = manualClock();
  const rerank = useRerankServer({ apiKey: ["k1", "k2"], quota: { requestsPerMinute: 600 }, now: clock.now });
  const as = (key: string) => ({ authorization: `Bearer ${key}` });

  it("admits 10 requests a second per key, then answers 429 Throttling.RateQuota with Retry-After", async () => {
    for (let i = 0; i < 10; i++) expect((await rerank.post(native, request, as("k1"))).status).toBe(200);
    clock.ms += 300;
    const refused = await rerank.post(native, request, as("k1"));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.body).toEqual({
      request_id: rerank.server.calls[10]?.requestId,
      code: "Throttling.RateQuota",
      message: "Requests rate limit exceeded, please try again later.",
    });
    expect((await rerank.post(native, request, as("k2"))).status).toBe(200);
    clock.ms += 699;
    expect((await rerank.post(native, request, as("k1"))).status).toBe(429);
    clock.ms += 1;
    expect((await rerank.post(native, request, as("k1"))).status).toBe(200);
    expect(rerank.server.quotaStats()).toEqual({
      admitted: 12,
      admittedTokens: 24,
      throttledRequests: 2,
      throttledTokens: 0,
    });
    expect(rerank.server.calls.filter((call) => call.response.status === 429)).toHaveLength(2);
  });

  it("counts the compatible route, not vLLM's, and reset() empties the windows and counts", async () => {
    const flat = { model: "qwen3-rerank", query: "q", documents: ["a"] };
    for (let i = 0; i < 10; i++) await rerank.post(compatible, flat, as("k1"));
    const refused = await rerank.post(compatible, flat, as("k1"));
    expect(refused).toMatchObject({ status: 429, body: { error: { code: "Throttling.RateQuota" } } });
    expect((await rerank.post(vllm, { query: "q", documents: ["a"] }, as("k1"))).status).toBe(200);
    rerank.server.reset();
    expect(rerank.server.quotaStats().throttledRequests).toBe(0);
    expect((await rerank.post(native, request, as("k1"))).status).toBe(200);
  });

  it("does not count calls refused before scoring or answered by a fault", async () => {
    rerank.server.enqueue(...Array.from({ length: 10 }, () => ({ type: "status" as const, status: 500 })));
    for (let i = 0; i < 10; i++) await rerank.post(native, request, as("k1"));
    for (let i = 0; i < 5; i++) await rerank.post(native, { model: "qwen3-rerank" }, as("k1"));
    for (let i = 0; i < 10; i++) expect((await rerank.post(native, request, as("k1"))).status).toBe(200);
  });
});

describe("a quota under 60 requests a minute", () => {
  const clock = manualClock();
  const rerank = useRerankServer({ quota: { requestsPerMinute: 30 }, now: clock.now });

  it("stretches the window to hold one request: one every two seconds", async () => {
    expect((await rerank.post(native, request)).status).toBe(200);
    clock.ms += 500;
    const refused = await rerank.post(native, request);
    expect([refused.status, refused.headers.get("retry-after")]).toEqual([429, "2"]);
    clock.ms += 1500;
    expect((await rerank.post(native, request)).status).toBe(200);
  });
});

describe("tokens per minute, enforced per second", () => {
  const clock = manualClock();
  const rerank = useRerankServer({ quota: { tokensPerMinute: 600 }, now: clock.now }); // 10 tokens a second
  const sized = (tokens: number) => ({
    model: "qwen3-rerank",
    input: { query: "q", documents: ["abcd".repeat(tokens - 1)] },
  });

  it("answers Throttling.AllocationQuota with the 'Allocated quota exceeded' message and Retry-After", async () => {
    expect((await rerank.post(native, sized(4))).status).toBe(200);
    clock.ms += 200;
    expect((await rerank.post(native, sized(6))).status).toBe(200);
    clock.ms += 200;
    const refused = await rerank.post(native, sized(2));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.body).toMatchObject({
      code: "Throttling.AllocationQuota",
      message: expect.stringMatching(/^Allocated quota exceeded/),
    });
    clock.ms += 600; // the first call (4 tokens) has left the window
    expect((await rerank.post(native, sized(4))).status).toBe(200);
    expect(rerank.server.quotaStats()).toMatchObject({ admitted: 3, admittedTokens: 14, throttledTokens: 1 });
  });

  it("counts query tokens once per document, and lets a call bigger than a second's tokens through alone", async () => {
    const wide = { model: "qwen3-rerank", input: { query: "abcd".repeat(3), documents: ["a", "b", "c"] } };
    expect((await rerank.post(native, wide)).status).toBe(200);
    expect(rerank.server.quotaStats().admittedTokens).toBe(3 * 3 + 3 * estimateTextTokens("a"));
    clock.ms += 999;
    expect((await rerank.post(native, sized(1))).status).toBe(429);
    clock.ms += 1;
    expect((await rerank.post(native, sized(1))).status).toBe(200);
  });
});
