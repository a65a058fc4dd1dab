import { type RerankDocument, type RerankModel, type RerankQuery, rerank } from "@qwen-rerank/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hashScore, recoverableFaults } from "./fault-matrix.js";
import { full } from "./figures.js";
import { rankScores, useReliability, useServer } from "./helpers.js";

// Item 2: generated documents of every kind, topN, threshold, batch caps, server orderings and recoverable faults.
// Invariants: the answer is exactly the right ranking (sorted, a subset of the input, every index at most once,
// the server's scores), no request breaks a batch cap, every fault costs exactly one extra request, nothing is
// mutated.

const runs = Number(process.env.RELIABILITY_PROPERTY_RUNS ?? (full ? 10_000 : 2_000));
const maxRetries = 2;

type Kind =
  | "string"
  | "text"
  | "image-url"
  | "image-URL-object"
  | "image-bytes"
  | "image-blob"
  | "data-uri"
  | "video"
  | "text+image";
interface Generated {
  kind: Kind;
  document: RerankDocument;
}

const signatures = { png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], jpeg: [0xff, 0xd8, 0xff, 0xe0] } as const;
const imageBytes = fc
  .tuple(fc.constantFrom("png" as const, "jpeg" as const), fc.uint8Array({ minLength: 0, maxLength: 24 }))
  .map(([type, tail]) => ({ type, bytes: Uint8Array.from([...signatures[type], ...tail]) }));
const word = fc.constantFrom("apple", "pear", "plum", "fig", "kiwi");
// Any code point, control characters and lone surrogates included: texts travel as JSON and must come back intact.
const text = fc
  .oneof(
    word,
    fc.string({ minLength: 1, maxLength: 16 }),
    fc.string({ unit: "binary", minLength: 1, maxLength: 16 }),
    fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 }),
  )
  .filter((value) => value.trim() !== "");

const generated: fc.Arbitrary<Generated> = fc.oneof(
  text.map((value): Generated => ({ kind: "string", document: value })),
  text.map((value): Generated => ({ kind: "text", document: { text: value } })),
  fc.nat(30).map((n): Generated => ({ kind: "image-url", document: { image: `https://example.com/img-${n}.png` } })),
  fc.nat(30).map(
    (n): Generated => ({
      kind: "image-URL-object",
      document: { image: new URL(`https://example.com/photo-${n}.jpg`) },
    }),
  ),
  imageBytes.map(({ bytes }): Generated => ({ kind: "image-bytes", document: { image: bytes } })),
  imageBytes.map(
    ({ type, bytes }): Generated => ({
      kind: "image-blob",
      document: { image: new Blob([bytes], { type: `image/${type}` }) },
    }),
  ),
  imageBytes.map(
    ({ type, bytes }): Generated => ({
      kind: "data-uri",
      document: { image: `data:image/${type};base64,${Buffer.from(bytes).toString("base64")}` },
    }),
  ),
  fc.nat(6).map((n): Generated => ({ kind: "video", document: { video: `https://example.com/clip-${n}.mp4` } })),
  fc.tuple(text, fc.nat(30)).map(
    ([value, n]): Generated => ({
      kind: "text+image",
      document: { text: value, image: `https://example.com/img-${n}.png` },
    }),
  ),
);

/** What the server receives for a document, computed independently of the core. */
async function wireContent(
  document: RerankDocument,
  sendsTextWithMedia: boolean,
): Promise<{ text?: string; image?: string; video?: string }> {
  if (typeof document === "string") return { text: document };
  const { text, image, video } = document;
  let media: { image?: string; video?: string } = {};
  if (video !== undefined) media = { video: String(video) };
  else if (typeof image === "string") media = { image };
  else if (image instanceof URL) media = { image: image.href };
  else if (image !== undefined) {
    const bytes =
      image instanceof Blob ? new Uint8Array(await image.arrayBuffer()) : new Uint8Array(image as Uint8Array);
    media = {
      image: `data:image/${bytes[0] === 0x89 ? "png" : "jpeg"};base64,${Buffer.from(bytes).toString("base64")}`,
    };
  }
  if (media.image === undefined && media.video === undefined) return { text: text! };
  return sendsTextWithMedia ? { text: text!, ...media } : media;
}

/** A comparable copy that also covers URL, bytes and Blob (which structuredClone or toEqual would not tell apart). */
function snapshot(documents: readonly RerankDocument[]): unknown {
  return documents.map((document) =>
    typeof document === "string"
      ? document
      : Object.fromEntries(
          Object.entries(document).map(([key, value]) => [
            key,
            value instanceof Uint8Array
              ? { bytes: [...value] }
              : value instanceof URL
                ? { url: value.href }
                : value instanceof Blob
                  ? { blob: value.size }
                  : value,
          ]),
        ),
  );
}

/** Documents per modality in one recorded request, for either dialect. */
function countsOf(body: unknown): { text: number; image: number; video: number; total: number } {
  const record = body as { input?: { documents: unknown[] }; documents?: unknown[] };
  const documents = record.input?.documents ?? record.documents ?? [];
  const counts = { text: 0, image: 0, video: 0, total: documents.length };
  for (const document of documents) {
    if (typeof document === "string") counts.text++;
    else if (Array.isArray((document as { content?: unknown[] }).content)) {
      const parts = (document as { content: Array<{ type: string }> }).content;
      if (parts.some((part) => part.type === "text")) counts.text++;
      if (parts.some((part) => part.type === "image_url")) counts.image++;
      if (parts.some((part) => part.type === "video_url")) counts.video++;
    } else {
      const object = document as { text?: string; image?: string; video?: string };
      if (object.text !== undefined) counts.text++;
      if (object.image !== undefined) counts.image++;
      if (object.video !== undefined) counts.video++;
    }
  }
  return counts;
}

describe("properties over generated documents, limits, orderings and faults (fast-check)", () => {
  const reliability = useReliability("properties");
  const context = useServer({ recordCalls: true });
  const tally = {
    cases: 0,
    documents: 0,
    requests: 0,
    faultsInjected: 0,
    retries: 0,
    multiBatchCases: 0,
    maxBatches: 0,
    kinds: {} as Record<string, number>,
  };

  it(`holds over ${runs} generated cases`, async () => {
    const caps = fc.record({
      text: fc.integer({ min: 1, max: 8 }),
      image: fc.integer({ min: 1, max: 4 }),
      video: fc.integer({ min: 1, max: 2 }),
    });
    const faultPick = fc.array(fc.constantFrom(...recoverableFaults.filter((fault) => !fault.slow)), {
      maxLength: maxRetries,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(generated, { minLength: 1, maxLength: 24 }),
        fc.constantFrom("vllm" as const, "dashscope" as const),
        caps,
        fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        fc.record({ seed: fc.nat(), levels: fc.constantFrom(3, 10_007) }),
        faultPick,
        fc.record({ dedupe: fc.boolean(), maxParallelCalls: fc.integer({ min: 1, max: 4 }), imageQuery: fc.boolean() }),
        async (items, provider, cap, topN, scoreThreshold, ordering, picked, extra) => {
          context.server.reset();
          const documents = items.map((item) => item.document);
          const before = snapshot(documents);
          const score = (input: {
            text?: string | undefined;
            image?: string | undefined;
            video?: string | undefined;
          }) =>
            Math.floor(hashScore(ordering.seed, input.text, input.image, input.video) * ordering.levels) /
            ordering.levels;
          context.server.setScorer((_query, document) =>
            score({ text: document.text, image: document.images[0], video: document.videos[0] }),
          );
          const model = smallModel(provider, cap);
          context.server.enqueue(...picked.map((fault) => fault.make()));
          let retries = 0;
          const query: RerankQuery = extra.imageQuery ? { image: "https://example.com/query.png" } : "which fruit?";

          const result = await rerank({
            model,
            query,
            documents,
            topN,
            scoreThreshold,
            dedupe: extra.dedupe,
            maxParallelCalls: extra.maxParallelCalls,
            maxRetries,
            retry: { sleep: async () => {}, onRetry: () => void retries++ },
          });

          const wire = await Promise.all(documents.map((document) => wireContent(document, provider === "vllm")));
          const expected = rankScores(wire.map(score), { topN, scoreThreshold });
          expect(result.results.map(({ index, score }) => ({ index, score }))).toEqual(expected);
          for (const item of result.results) expect(item.document).toBe(documents[item.index]);
          expect(snapshot(documents)).toEqual(before);
          // Every fault cost one retry and one request, and no request broke a cap.
          expect(retries).toBe(picked.length);
          expect(context.server.calls).toHaveLength(result.requestCount + picked.length);
          for (const call of context.server.calls) {
            const counts = countsOf(call.body);
            expect(counts.text).toBeLessThanOrEqual(cap.text);
            expect(counts.image).toBeLessThanOrEqual(cap.image);
            expect(counts.video).toBeLessThanOrEqual(cap.video);
            expect(counts.total).toBeLessThanOrEqual(cap.text);
          }
          expect(reliability.scan("property result", result)).toBeUndefined();

          tally.cases++;
          tally.documents += documents.length;
          tally.requests += context.server.calls.length;
          tally.faultsInjected += picked.length;
          tally.retries += retries;
          tally.maxBatches = Math.max(tally.maxBatches, result.requestCount);
          if (result.requestCount > 1) tally.multiBatchCases++;
          for (const item of items) tally.kinds[item.kind] = (tally.kinds[item.kind] ?? 0) + 1;
        },
      ),
      { numRuns: runs, endOnFailure: true },
    );
    Object.assign(reliability.figures, { runs, ...tally, counterexamples: 0 });
  }, 600_000);

  /** A model whose limits force small batches: vLLM by its own settings, DashScope through a wrapping RerankModel. */
  function smallModel(
    provider: "vllm" | "dashscope",
    cap: { text: number; image: number; video: number },
  ): RerankModel {
    if (provider === "vllm") {
      return context.vllm().rerankModel("Qwen/Qwen3-VL-Reranker-2B", {
        maxDocumentsPerCall: cap.text,
        maxImagesPerCall: cap.image,
        maxVideosPerCall: cap.video,
      });
    }
    const base = context.dashscope().rerankModel("qwen3-vl-rerank");
    return { ...base, limits: { ...base.limits, maxDocumentsPerCall: { ...cap }, maxTotalDocumentsPerCall: cap.text } };
  }
});
