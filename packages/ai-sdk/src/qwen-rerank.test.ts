import type { JSONObject } from "@ai-sdk/provider";
import { instantRetry } from "@qwen-rerank/core/test";
import { expectedRanking } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { rerank, type Warning } from "ai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createQwenRerank, type QwenRerankProviderMetadata, type QwenRerankProviderOptions } from "./index.js";

const apiKey = "sk-aisdk-test-0123456789abcdef";
const query = "red running shoes for trail";
const texts = [
  "A guide to trail running shoes with deep lugs",
  "Blue formal shoes for the office",
  "Red running shoes for road and trail, light and red",
  "Cooking pasta for a crowd",
  "Trail maps of the red rocks park",
];

/** qwen3-vl-rerank's usage: images and text apart (https://www.alibabacloud.com/help/en/model-studio/text-rerank-api). */
type WireUsage = { total_tokens: number; image_tokens: number; input_tokens: number };
type Body = {
  model: string;
  input: { query: unknown; documents: Array<string | { text?: string; image?: string; video?: string }> };
  parameters?: Record<string, unknown>;
};

const server = useRerankServer({ apiKey });
const provider = () => createQwenRerank({ apiKey, baseURL: server.baseURL });
const bodies = () => server.server.calls.map((call) => call.body as Body);
const metadataOf = (result: { providerMetadata?: Record<string, unknown> | undefined }) =>
  result.providerMetadata?.qwen as unknown as QwenRerankProviderMetadata;

// The AI SDK's rerank() result has no warnings; its logger is where a user sees them.
let logged: Warning[] = [];
beforeEach(() => {
  logged = [];
  globalThis.AI_SDK_LOG_WARNINGS = ({ warnings }: { warnings: Warning[] }) => void logged.push(...warnings);
});
afterEach(() => {
  globalThis.AI_SDK_LOG_WARNINGS = undefined;
});

describe("rerank() from `ai` with a Qwen reranking model", () => {
  it("ranks text documents as the server scores them, with the request id and usage in the result", async () => {
    const result = await rerank({ model: provider().reranking("qwen3-vl-rerank"), query, documents: texts });

    const expected = expectedRanking(query, texts);
    expect(result.ranking).toEqual(
      expected.map(({ index, score }) => ({ originalIndex: index, score, document: texts[index] })),
    );
    expect(result.rerankedDocuments).toEqual(expected.map(({ index }) => texts[index]));
    const [call] = server.server.calls;
    expect(server.server.calls).toHaveLength(1);
    expect(call!.body).toEqual({
      model: "qwen3-vl-rerank",
      input: { query, documents: texts.map((text) => ({ text })) },
    });
    const answer = call!.response.body as { usage: WireUsage };
    expect(result.response.id).toBe(call!.requestId);
    expect(result.response.modelId).toBe("qwen3-vl-rerank");
    expect(metadataOf(result)).toEqual({
      requestIds: [call!.requestId],
      requestCount: 1,
      cached: false,
      usage: { totalTokens: answer.usage.total_tokens, imageTokens: 0, textTokens: answer.usage.input_tokens },
      warnings: [],
    });
    expect(answer.usage.total_tokens).toBeGreaterThan(0);
    expect(logged).toEqual([]);
  });

  it("sends { text, image, video } objects as multimodal documents and any other object as its JSON text", async () => {
    const documents: JSONObject[] = [
      { image: "https://example.com/red-running-shoes.jpg", id: "photo" },
      { text: "Cooking pasta for a crowd" },
      { title: "Trail running", body: "red shoes" },
      { video: "https://example.com/trail-run.mp4" },
    ];
    const result = await rerank({ model: provider().reranking("qwen3-vl-rerank"), query, documents });

    const sent = [
      { image: "https://example.com/red-running-shoes.jpg" },
      { text: "Cooking pasta for a crowd" },
      { text: JSON.stringify(documents[2]) },
      { video: "https://example.com/trail-run.mp4" },
    ];
    expect(bodies()[0]!.input.documents).toEqual(sent);
    const expected = expectedRanking(query, sent);
    expect(result.ranking.map(({ originalIndex, score }) => ({ index: originalIndex, score }))).toEqual(expected);
    // The caller's own objects come back, extra keys and all.
    expect(result.ranking.find(({ originalIndex }) => originalIndex === 0)?.document).toBe(documents[0]);
    const jsonWarning = {
      type: "compatibility",
      feature: "object documents",
      details: "1 object document(s) without text, image or video are sent as their JSON text.",
    };
    expect(logged).toEqual([jsonWarning]);
    expect(metadataOf(result).warnings).toEqual([jsonWarning]);
    const { usage } = server.server.calls[0]!.response.body as { usage: WireUsage };
    expect(usage.image_tokens).toBeGreaterThan(0);
    expect(metadataOf(result).usage).toEqual({
      totalTokens: usage.total_tokens,
      imageTokens: usage.image_tokens,
      textTokens: usage.input_tokens,
    });
  });

  it("passes the core's warnings on: a document with text and an image sends the image", async () => {
    const documents = [{ text: "pasta", image: "https://example.com/red-trail-shoes.png" }, { text: "blue hat" }];
    const result = await rerank({ model: provider().reranking("qwen3-vl-rerank"), query, documents });

    expect(bodies()[0]!.input.documents).toEqual([
      { image: "https://example.com/red-trail-shoes.png" },
      { text: "blue hat" },
    ]);
    expect(result.ranking[0]!.originalIndex).toBe(0);
    expect(logged).toEqual([
      {
        type: "compatibility",
        feature: "mixedContent",
        details: '1 document(s) have text and media; only the media is sent (mixedContent: "media").',
      },
    ]);
    expect(metadataOf(result).warnings).toEqual(logged);
  });

  it("maps topN to the request's top_n and returns the best topN", async () => {
    const result = await rerank({ model: provider().reranking("qwen3-vl-rerank"), query, documents: texts, topN: 2 });

    expect(bodies()[0]!.parameters).toEqual({ top_n: 2 });
    expect(result.ranking.map(({ originalIndex }) => originalIndex)).toEqual(
      expectedRanking(query, texts, { topN: 2 }).map(({ index }) => index),
    );
  });

  it("splits 250 texts into requests of at most 100 and merges them into one ranking with every request id", async () => {
    const many = Array.from({ length: 250 }, (_, i) => `${texts[i % texts.length]} number ${i}`);
    const result = await rerank({ model: provider().reranking("qwen3-vl-rerank"), query, documents: many, topN: 7 });

    const sizes = bodies().map((body) => body.input.documents.length);
    // qwen3-vl-rerank takes 100 documents a request; the core spreads them evenly over the fewest requests.
    expect(sizes).toHaveLength(3);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(250);
    // Each request asks for its own best 7: the best 7 overall are among them.
    expect(bodies().every((body) => body.parameters?.top_n === 7)).toBe(true);
    expect(result.ranking.map(({ originalIndex, score }) => ({ index: originalIndex, score }))).toEqual(
      expectedRanking(query, many, { topN: 7 }),
    );
    const metadata = metadataOf(result);
    expect(metadata.requestCount).toBe(3);
    expect([...metadata.requestIds].sort()).toEqual(server.server.calls.map((call) => call.requestId).sort());
    const billed = server.server.calls.reduce(
      (sum, call) => sum + (call.response.body as { usage: { total_tokens: number } }).usage.total_tokens,
      0,
    );
    expect(metadata.usage.totalTokens).toBe(billed);
    // Three requests have no single response id.
    expect(result.response.id).toBeUndefined();
  });

  it("splits 45 images into requests of at most 40", async () => {
    const images = Array.from({ length: 45 }, (_, i) => ({
      image: `https://example.com/${i % 9 === 0 ? "red-trail-running-shoes" : "blue-hat"}-${i}.jpg`,
    }));
    const result = await rerank({ model: provider().reranking("qwen3-vl-rerank"), query, documents: images });

    const sizes = bodies().map((body) => body.input.documents.length);
    expect(sizes).toHaveLength(2);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(40);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(45);
    expect(result.ranking).toHaveLength(45);
    expect(result.ranking.map(({ originalIndex, score }) => ({ index: originalIndex, score }))).toEqual(
      expectedRanking(query, images),
    );
    expect(new Set(result.ranking.map(({ originalIndex }) => originalIndex)).size).toBe(45);
  });

  it("sends providerOptions.qwen (instruct, fps) and the call's headers on the wire", async () => {
    await rerank({
      model: provider().reranking("qwen3-vl-rerank", { headers: { "x-model-header": "model" } }),
      query,
      documents: [{ video: "https://example.com/trail-run.mp4" }, { text: "red shoes" }],
      headers: { "x-trace-id": "trace-1" },
      // The README's pattern: checked against the options' type, and still JSON to the SDK.
      providerOptions: {
        qwen: { instruct: "Retrieve videos of trail running.", fps: 0.5 } satisfies QwenRerankProviderOptions,
      },
    });

    expect(bodies()[0]!.parameters).toEqual({ instruct: "Retrieve videos of trail running.", fps: 0.5 });
    const { headers } = server.server.calls[0]!;
    expect(headers["x-trace-id"]).toBe("trace-1");
    expect(headers["x-model-header"]).toBe("model");
    expect(headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it("lets providerOptions override the model's settings for one call", async () => {
    const model = provider().reranking("qwen3-vl-rerank", { instruct: "Model instruction.", mixedContent: "text" });
    const documents = [{ text: "red running shoes", image: "https://example.com/pasta.jpg" }];

    await rerank({ model, query, documents });
    await rerank({ model, query, documents, providerOptions: { qwen: { mixedContent: "media", instruct: "Call." } } });

    expect(bodies().map((body) => [body.input.documents, body.parameters?.instruct])).toEqual([
      [[{ text: "red running shoes" }], "Model instruction."],
      [[{ image: "https://example.com/pasta.jpg" }], "Call."],
    ]);
  });

  it("serves a repeated call from the cache without a request", async () => {
    const model = provider().reranking("qwen3-rerank", { cache: true });
    const first = await rerank({ model, query, documents: texts });
    const second = await rerank({ model, query, documents: texts });

    expect(server.server.calls).toHaveLength(1);
    expect(second.ranking).toEqual(first.ranking);
    expect(metadataOf(second)).toMatchObject({ cached: true, requestIds: [], requestCount: 0 });
  });

  it("retries a 429 in the core once, and the SDK sees one successful call", async () => {
    server.server.enqueue({ type: "status", status: 429 });
    const model = provider().reranking("qwen3-vl-rerank", { retry: instantRetry });
    const result = await rerank({ model, query, documents: texts });

    expect(server.server.calls.map((call) => call.response.status)).toEqual([429, 200]);
    expect(result.response.id).toBe(server.server.calls[1]!.requestId);
  });

  it("uses the OpenAI-compatible endpoint with settings.api", async () => {
    const result = await rerank({
      model: provider().reranking("qwen3-rerank", { api: "compatible" }),
      query,
      documents: texts,
      topN: 3,
    });

    expect(server.server.calls[0]!.path).toBe("/compatible-api/v1/reranks");
    expect(result.ranking.map(({ originalIndex }) => originalIndex)).toEqual(
      expectedRanking(query, texts, { topN: 3 }).map(({ index }) => index),
    );
  });
});
