import { useRerankServer } from "@qwen-rerank/testing/vitest";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createDashScope, type DashScopeProviderSettings, type RerankDocument, rerank } from "../index.js";

const apiKey = "sk-test-0123456789abcdef";

// Score each document by a hash of its content and a per-case seed, so the server's ordering is arbitrary but
// reproducible here without asking the server.
const scoreOf = (seed: number, content: string) => {
  let hash = seed >>> 0;
  for (let i = 0; i < content.length; i++) hash = Math.imul(hash ^ content.charCodeAt(i), 16777619) >>> 0;
  return (hash % 1000) / 1000;
};
const contentOf = (document: RerankDocument) =>
  typeof document === "string" ? document : String(document.text ?? document.image ?? document.video ?? "");
const runs = Number(process.env.PROPERTY_RUNS ?? 1000);

describe("invariants for any documents and any server ordering (fast-check)", () => {
  let seed = 0;
  const context = useRerankServer({
    apiKey,
    scorer: (_query, document) => scoreOf(seed, document.text ?? document.images[0] ?? document.videos[0] ?? ""),
  });
  const provider = (settings: DashScopeProviderSettings = {}) =>
    createDashScope({ apiKey, baseURL: context.baseURL, ...settings });

  it(`holds over ${runs} generated cases`, async () => {
    const document = fc.oneof(
      fc.constantFrom("alpha", "beta", "gamma", "delta").map((word) => word as RerankDocument),
      fc
        .string({ minLength: 1, maxLength: 12 })
        .filter((text) => text.trim() !== "")
        .map((text) => ({ text })),
      fc.nat(60).map((n) => ({ image: `https://example.com/img-${n}.png` })),
      fc.nat(8).map((n) => ({ video: `https://example.com/clip-${n}.mp4` })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(document, { minLength: 1, maxLength: 140 }),
        fc.option(fc.integer({ min: 1, max: 150 }), { nil: undefined }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        fc.nat(),
        async (documents, topN, scoreThreshold, caseSeed) => {
          seed = caseSeed;
          const snapshot = structuredClone(documents);
          const { results } = await rerank({
            model: provider().rerankModel("qwen3-vl-rerank"),
            query: "q",
            documents,
            topN,
            scoreThreshold,
          });
          expect(documents).toEqual(snapshot);
          const expected = documents
            .map((item, index) => ({ index, score: scoreOf(caseSeed, contentOf(item)) }))
            .filter((item) => scoreThreshold === undefined || item.score >= scoreThreshold)
            .sort((a, b) => b.score - a.score || a.index - b.index)
            .slice(0, topN ?? Number.POSITIVE_INFINITY);
          expect(results.map(({ index, score }) => ({ index, score }))).toEqual(expected);
          expect(new Set(results.map((result) => result.index)).size).toBe(results.length);
          for (const result of results) expect(result.document).toBe(documents[result.index]);
          context.server.reset();
        },
      ),
      { numRuns: runs },
    );
  }, 120_000);
});
