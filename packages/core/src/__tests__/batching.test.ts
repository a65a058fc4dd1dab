import { lexicalScore } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { describe, expect, it } from "vitest";
import {
  createDashScope,
  createRerankCache,
  type DashScopeProviderSettings,
  RateLimiter,
  type RerankDocument,
  rerank,
} from "../index.js";

const apiKey = "sk-test-0123456789abcdef";

const words = ["apple", "pear", "plum", "fig", "kiwi", "lime", "date", "peach"];
const textDocument = (index: number) => `${words[index % 8]} ${words[(index * 3) % 8]} item ${index}`;
type Sent = { input: { documents: unknown[] }; parameters?: { top_n?: number } };

describe("batching by the model's documented limits (docs/dashscope-api.md §2.2)", () => {
  const context = useRerankServer({ apiKey });
  const provider = (settings: DashScopeProviderSettings = {}) =>
    createDashScope({ apiKey, baseURL: context.baseURL, ...settings });
  const vl = () => provider().rerankModel("qwen3-vl-rerank");

  it("keeps a mixed request within the caps as one request", async () => {
    const documents: RerankDocument[] = [
      ...Array.from({ length: 60 }, (_, i) => textDocument(i)),
      ...Array.from({ length: 40 }, (_, i) => ({ image: `https://example.com/apple-${i}.jpg` })),
    ];
    await rerank({ model: vl(), query: "apple", documents });
    expect(context.server.calls).toHaveLength(1);
  });

  it("splits past 100 texts, 40 images and 4 videos, and maps every index back", async () => {
    const documents: RerankDocument[] = [
      ...Array.from({ length: 250 }, (_, i) => textDocument(i)),
      ...Array.from({ length: 90 }, (_, i) => ({ image: `https://example.com/${words[i % 8]}-${i}.jpg` })),
      ...Array.from({ length: 9 }, (_, i) => ({ video: `https://example.com/${words[i % 8]}-clip-${i}.mp4` })),
    ];
    const progress: number[] = [];
    const { results, requestIds, requestCount } = await rerank({
      model: vl(),
      query: "apple plum",
      documents,
      onProgress: ({ completedBatches }) => progress.push(completedBatches),
    });
    const sent = context.server.calls.map(
      (call) => (call.body as Sent).input.documents as Array<string | Record<string, string>>,
    );
    // 349 documents: the per-modality caps need 3 requests, the conservative 100-documents-per-request total needs 4.
    expect(sent).toHaveLength(4);
    expect(requestCount).toBe(4);
    expect(requestIds).toHaveLength(4);
    expect(progress).toEqual([1, 2, 3, 4]);
    for (const batch of sent) {
      expect(batch.length).toBeLessThanOrEqual(100);
      const count = (key: string) => batch.filter((document) => typeof document === "object" && key in document).length;
      expect(count("text")).toBeLessThanOrEqual(100);
      expect(count("image")).toBeLessThanOrEqual(40);
      expect(count("video")).toBeLessThanOrEqual(4);
    }
    expect(sent.flat()).toHaveLength(documents.length);
    expect(results).toHaveLength(documents.length);
    expect(new Set(results.map((result) => result.index)).size).toBe(documents.length);
    // Each score is the server's for that very document, so indices were mapped back correctly.
    for (const result of results) {
      const document = documents[result.index]!;
      const expected = lexicalScore(
        "apple plum",
        typeof document === "string" ? { text: document } : (document as { image?: string; video?: string }),
      );
      expect(result.score).toBeCloseTo(expected, 6);
      expect(result.document).toBe(document);
    }
    for (let i = 1; i < results.length; i++) {
      const [previous, current] = [results[i - 1]!, results[i]!];
      expect(
        previous.score > current.score || (previous.score === current.score && previous.index < current.index),
      ).toBe(true);
    }
  });

  it("asks each batch for at most topN and applies topN once after the merge", async () => {
    const documents = Array.from({ length: 230 }, (_, i) => textDocument(i));
    const { results } = await rerank({ model: vl(), query: "fig kiwi", documents, topN: 5 });
    expect(context.server.calls.map((call) => (call.body as Sent).parameters?.top_n)).toEqual([5, 5, 5]);
    const expected = documents
      .map((text, index) => ({ index, score: lexicalScore("fig kiwi", { text }) }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, 5);
    expect(results.map(({ index, score }) => ({ index, score: Number(score.toFixed(6)) }))).toEqual(
      expected.map(({ index, score }) => ({ index, score: Number(score.toFixed(6)) })),
    );
  });

  it("splits text models at 500 documents", async () => {
    const documents = Array.from({ length: 1001 }, (_, i) => textDocument(i));
    await rerank({ model: provider().rerankModel("qwen3-rerank"), query: "apple", documents });
    // Requests run in parallel, so they may arrive in any order.
    expect(context.server.calls.map((call) => (call.body as Sent).input.documents.length).sort()).toEqual([
      333, 334, 334,
    ]);
  });

  it("splits long texts to stay under 120,000 tokens per request", async () => {
    const long = (i: number) => `${words[i % 8]} ${i} ${"lorem ipsum dolor sit amet ".repeat(800)}`; // ~7,200 tokens each
    const documents = Array.from({ length: 30 }, (_, i) => long(i));
    await rerank({ model: vl(), query: "apple", documents });
    expect(context.server.calls.length).toBeGreaterThan(1);
    expect(context.server.calls.flatMap((call) => (call.body as Sent).input.documents)).toHaveLength(30);
  });

  it("runs at most maxParallelCalls requests at once", async () => {
    context.server.enqueue(...Array.from({ length: 6 }, () => ({ type: "latency" as const, ms: 30 })));
    let inFlight = 0;
    let peak = 0;
    const model = vl();
    const counted = {
      ...model,
      doRerank: async (options: Parameters<typeof model.doRerank>[0]) => {
        peak = Math.max(peak, ++inFlight);
        try {
          return await model.doRerank(options);
        } finally {
          inFlight--;
        }
      },
    };
    await rerank({
      model: counted,
      query: "apple",
      documents: Array.from({ length: 600 }, (_, i) => textDocument(i)),
      maxParallelCalls: 2,
    });
    expect(context.server.calls).toHaveLength(6);
    expect(peak).toBe(2);
  });

  it("sends duplicate documents once and scores every copy", async () => {
    const documents = ["apple pie", "pear", "apple pie", { text: "apple pie" }, "pear"];
    const { results } = await rerank({ model: vl(), query: "apple", documents });
    expect((context.server.calls[0]!.body as Sent).input.documents).toEqual([{ text: "apple pie" }, { text: "pear" }]);
    expect(results.map((result) => result.index)).toEqual([0, 2, 3, 1, 4]);
    expect(results[0]!.score).toBe(results[2]!.score);
  });

  it("ranks documents with nothing to score last with 0 under emptyDocuments: rankLast, and names the right index in errors", async () => {
    const documents = ["", "apple pie", { text: " " }, "pear"];
    const { results, warnings } = await rerank({ model: vl(), query: "apple", documents, emptyDocuments: "rankLast" });
    expect((context.server.calls[0]!.body as Sent).input.documents).toEqual([{ text: "apple pie" }, { text: "pear" }]);
    expect(results.map(({ index, score }) => [index, score > 0 ? "scored" : score])).toEqual([
      [1, "scored"],
      [3, 0],
      [0, 0],
      [2, 0],
    ]);
    expect(warnings).toContainEqual(
      expect.objectContaining({ details: expect.stringMatching(/2 document\(s\) had nothing to score/) }),
    );
    const thresholded = await rerank({
      model: vl(),
      query: "apple",
      documents,
      emptyDocuments: "rankLast",
      scoreThreshold: 0.01,
    });
    expect(thresholded.results.map((result) => result.index)).toEqual([1]);
    const calls = context.server.calls.length;
    const blank = await rerank({ model: vl(), query: "apple", documents: [" "], emptyDocuments: "rankLast" });
    expect(blank.results).toEqual([{ index: 0, score: 0, document: " " }]);
    expect(context.server.calls).toHaveLength(calls);
    const error = await rerank({
      model: vl(),
      query: "apple",
      documents: ["", "ok", { image: Buffer.from("GIF89a") }],
      emptyDocuments: "rankLast",
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/documents\[2\]\.image/);
  });

  it("answers an identical call from the cache with no request and no tokens", async () => {
    const cache = createRerankCache();
    const options = { model: vl(), query: "apple", documents: ["apple", "pear", "fig apple"], cache };
    const first = await rerank(options);
    const second = await rerank(options);
    expect(context.server.calls).toHaveLength(1);
    expect(first.usage.totalTokens).toBeGreaterThan(0);
    expect(second).toMatchObject({ cached: true, requestCount: 0, usage: { totalTokens: 0 }, requestIds: [] });
    expect(second.results).toEqual(first.results);
    await rerank({ ...options, query: "pear" });
    expect(context.server.calls).toHaveLength(2);
  });

  it("shares one limiter per model across calls (requestsPerMinute)", async () => {
    const model = vl();
    await Promise.all(
      Array.from({ length: 3 }, () =>
        rerank({ model, query: "apple", documents: ["apple"], requestsPerMinute: 6_000 }),
      ),
    );
    expect(context.server.calls).toHaveLength(3);
  });
});

describe("RateLimiter", () => {
  it("(deprecated) lets RPM/60 through in any window of a second plus 100 ms", async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new RateLimiter(
      120, // 2 a second
      () => now,
      async (milliseconds) => {
        waits.push(milliseconds);
        now += milliseconds;
      },
    );
    for (let i = 0; i < 5; i++) await limiter.acquire();
    expect(waits).toEqual([1_100, 1_100]);
    expect(now).toBe(2_200);
  });
});
