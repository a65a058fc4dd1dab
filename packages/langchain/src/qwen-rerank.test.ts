import { inspect } from "node:util";
import { ContextualCompressionRetriever } from "@langchain/classic/retrievers/contextual_compression";
import { DocumentCompressorPipeline } from "@langchain/classic/retrievers/document_compressors";
import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import { Document, type DocumentInterface } from "@langchain/core/documents";
import type { Serialized } from "@langchain/core/load/serializable";
import { SyntheticEmbeddings } from "@langchain/core/utils/testing";
import { createDashScope, InvalidArgumentError, RerankAPIError, type RerankError } from "@qwen-rerank/core";
import { tinyPngDataUri } from "@qwen-rerank/core/test";
import { expectedRanking as lexicalRanking } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { describe, expect, it } from "vitest";
import {
  QwenRerank,
  type QwenRerankOptions,
  type QwenRerankRunOutput,
  type RerankEndEvent,
  type RerankErrorEvent,
  type RerankStartEvent,
} from "./index.js";

const apiKey = "test-key";
const query = "red running shoes for trail";
const noSleep = { sleep: async () => {} };

const corpus = (): Document[] => [
  new Document({ pageContent: "A guide to trail running shoes with deep lugs", metadata: { source: "a" }, id: "a" }),
  new Document({ pageContent: "Blue formal shoes for the office", metadata: { source: "b" }, id: "b" }),
  new Document({
    pageContent: "Red running shoes for road and trail, light and red",
    metadata: { source: "c", tags: ["sale"] },
    id: "c",
  }),
  new Document({ pageContent: "Cooking pasta for a crowd", metadata: { source: "d" }, id: "d" }),
  new Document({ pageContent: "Trail maps of the red rocks park", metadata: { source: "e" }, id: "e" }),
  new Document({ pageContent: "Running for beginners", metadata: { source: "f" }, id: "f" }),
];

/** The server's ranking of the documents' pageContent (score desc, ties by position), each with its document. */
function expectedRanking(documents: readonly DocumentInterface[], text: string) {
  return lexicalRanking(
    text,
    documents.map((document) => document.pageContent),
  ).map(({ index, score }) => ({ document: documents[index]!, index, score }));
}

type BodyDocument = { text?: string; image?: string; video?: string };
type Body = {
  model: string;
  input: { query: unknown; documents: BodyDocument[] };
  parameters?: Record<string, unknown>;
};

class RunRecorder extends BaseCallbackHandler {
  name = "run-recorder";
  override awaitHandlers = true;
  readonly runs: Array<{
    kind: string;
    name: string | undefined;
    runId: string;
    parentRunId: string | undefined;
    tags: string[];
    metadata: Record<string, unknown>;
  }> = [];
  readonly errors: Error[] = [];
  readonly outputs = new Map<string, unknown>();

  override handleRetrieverStart(
    _retriever: Serialized,
    _query: string,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Record<string, unknown>,
    name?: string,
  ) {
    this.runs.push({ kind: "retriever", name, runId, parentRunId, tags: tags ?? [], metadata: metadata ?? {} });
  }

  // @langchain/core 1.4 declares (…, runId, runType, tags, metadata, runName, parentRunId) but its CallbackManager
  // calls (…, runId, parentRunId, tags, metadata, runType, runName), as BaseTracer expects; follow the runtime.
  override handleChainStart(
    _chain: Serialized,
    _inputs: unknown,
    runId: string,
    parentRunId?: string,
    tags?: string[],
    metadata?: Record<string, unknown>,
    _runType?: string,
    runName?: string,
  ) {
    this.runs.push({ kind: "chain", name: runName, runId, parentRunId, tags: tags ?? [], metadata: metadata ?? {} });
  }

  override handleChainError(error: Error) {
    this.errors.push(error);
  }

  override handleChainEnd(outputs: unknown, runId: string) {
    this.outputs.set(runId, outputs);
  }
}

const rerank = useRerankServer();
const compressor = (options: QwenRerankOptions = {}) =>
  new QwenRerank({ apiKey, baseURL: rerank.baseURL, retry: noSleep, ...options });
const bodies = () => rerank.server.calls.map((call) => call.body as Body);

describe("QwenRerank in LangChain", () => {
  it("reranks a ContextualCompressionRetriever's documents in the server's order, cut to topN, with scores", async () => {
    const documents = corpus();
    const store = await MemoryVectorStore.fromDocuments(documents, new SyntheticEmbeddings({ vectorSize: 8 }));
    const retriever = new ContextualCompressionRetriever({
      baseCompressor: compressor({ topN: 3 }),
      baseRetriever: store.asRetriever({ k: documents.length }),
    });

    const results = await retriever.invoke(query);

    const expected = expectedRanking(documents, query).slice(0, 3);
    expect(results.map((document) => document.id)).toEqual(expected.map(({ document }) => document.id));
    expect(results.map((document) => document.metadata.relevanceScore)).toEqual(expected.map(({ score }) => score));
    expect(results[0]).toMatchObject({
      pageContent: expected[0]!.document.pageContent,
      metadata: { ...expected[0]!.document.metadata },
    });
    const [body] = bodies();
    expect(rerank.server.calls).toHaveLength(1);
    expect(body).toMatchObject({ model: "qwen3-vl-rerank", input: { query }, parameters: { top_n: 3 } });
    expect(rerank.server.calls[0]!.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it("is accepted by DocumentCompressorPipeline", async () => {
    const pipeline = new DocumentCompressorPipeline({ transformers: [compressor({ topN: 2 })] });
    const documents = corpus();
    const results = await pipeline.compressDocuments(documents, query);
    expect(results.map((document) => document.id)).toEqual(
      expectedRanking(documents, query)
        .slice(0, 2)
        .map(({ document }) => document.id),
    );
  });

  it("runs as a child run named QwenRerank under base_compressor", async () => {
    const recorder = new RunRecorder();
    const documents = corpus();
    const store = await MemoryVectorStore.fromDocuments(documents, new SyntheticEmbeddings({ vectorSize: 8 }));
    const retriever = new ContextualCompressionRetriever({
      baseCompressor: compressor({ topN: 2 }),
      baseRetriever: store.asRetriever({ k: 4 }),
    });

    await retriever.invoke(query, { callbacks: [recorder] });

    const root = recorder.runs.find((run) => run.kind === "retriever" && run.parentRunId === undefined);
    const rerankRun = recorder.runs.find((run) => run.name === "QwenRerank");
    expect(root).toBeDefined();
    expect(rerankRun).toMatchObject({
      kind: "chain",
      parentRunId: root!.runId,
      metadata: { model: "qwen3-vl-rerank", topN: 2, documentCount: 4 },
    });
    expect(rerankRun?.tags).toContain("base_compressor");
  });

  it("puts the ranking, usage, request ids and warnings in the QwenRerank run's output, never the documents", async () => {
    const recorder = new RunRecorder();
    const documents = [...corpus(), new Document({ pageContent: "a photo", metadata: { image: "N/A" }, id: "g" })];
    const store = await MemoryVectorStore.fromDocuments(documents, new SyntheticEmbeddings({ vectorSize: 8 }));
    const retriever = new ContextualCompressionRetriever({
      baseCompressor: compressor({ topN: 2 }),
      baseRetriever: store.asRetriever({ k: documents.length }),
    });

    const results = await retriever.invoke(query, { callbacks: [recorder] });

    const run = recorder.runs.find(({ name }) => name === "QwenRerank")!;
    const output = recorder.outputs.get(run.runId) as QwenRerankRunOutput;
    const sent = bodies()[0]!.input.documents;
    expect(output).toEqual({
      results: lexicalRanking(query, sent, { topN: 2 }).map(({ index, score }) => ({ index, relevanceScore: score })),
      model: "qwen3-vl-rerank",
      usage: { totalTokens: expect.any(Number), imageTokens: expect.any(Number), textTokens: expect.any(Number) },
      requestIds: [rerank.server.calls[0]!.requestId],
      warnings: [
        expect.objectContaining({ feature: "mixedContent" }),
        expect.objectContaining({ feature: "media", details: expect.stringContaining('"N/A" is a local path') }),
      ],
      cached: false,
    });
    expect(output.usage.totalTokens).toBeGreaterThan(0);
    expect(output.usage.totalTokens).toBe((output.usage.imageTokens ?? 0) + (output.usage.textTokens ?? 0));
    expect(results.map((document) => document.metadata.relevanceScore)).toEqual(
      output.results.map(({ relevanceScore }) => relevanceScore),
    );
    // Documents stay out of the trace; the usage and ids stay out of the documents.
    const traced = JSON.stringify(output);
    for (const document of documents) expect(traced).not.toContain(document.pageContent);
    for (const document of results) expect(Object.keys(document.metadata)).not.toContain("requestIds");
  });

  it("gives a per-invoke callback handler the report, as the README shows", async () => {
    class RerankReport extends BaseCallbackHandler {
      name = "rerank-report";
      override awaitHandlers = true;
      reports: QwenRerankRunOutput[] = [];
      override handleChainEnd(outputs: Record<string, unknown>, _runId: string, _parent?: string, tags?: string[]) {
        if (tags?.includes("base_compressor")) this.reports.push(outputs as unknown as QwenRerankRunOutput);
      }
    }
    const store = await MemoryVectorStore.fromDocuments(corpus(), new SyntheticEmbeddings({ vectorSize: 8 }));
    const retriever = new ContextualCompressionRetriever({
      baseCompressor: compressor({ topN: 2 }),
      baseRetriever: store.asRetriever({ k: 6 }),
    });
    const [first, second] = [new RerankReport(), new RerankReport()];
    await Promise.all([
      retriever.invoke(query, { callbacks: [first] }),
      retriever.invoke("pasta", { callbacks: [second] }),
    ]);
    // Each handler got the id of the request that carried its own query.
    const idOf = (text: string) =>
      rerank.server.calls.find((call) => (call.body as Body).input.query === text)!.requestId;
    expect(first.reports.map(({ requestIds }) => requestIds)).toEqual([[idOf(query)]]);
    expect(second.reports.map(({ requestIds }) => requestIds)).toEqual([[idOf("pasta")]]);
    expect(idOf(query)).not.toBe(idOf("pasta"));
  });

  it("calls onRerankStart and onRerankEnd with the fields the LlamaIndex plugin uses, for both methods", async () => {
    const starts: RerankStartEvent[] = [];
    const ends: RerankEndEvent[] = [];
    const reranker = compressor({
      topN: 2,
      onRerankStart: (event) => starts.push(event),
      onRerankEnd: (e) => ends.push(e),
    });
    const documents = corpus();
    const returned = await reranker.compressDocuments(documents, query);
    const ranking = await reranker.rerank(["trail running shoes", "pasta"], query, { topN: 1 });

    expect(starts).toEqual([
      { query, documents, documentCount: 6, topN: 2, model: "qwen3-vl-rerank" },
      {
        query,
        documents: [expect.objectContaining({ pageContent: "trail running shoes" }), expect.anything()],
        documentCount: 2,
        topN: 1,
        model: "qwen3-vl-rerank",
      },
    ]);
    expect(ends).toHaveLength(2);
    expect(ends[0]).toEqual({
      query,
      documentCount: 6,
      model: "qwen3-vl-rerank",
      results: returned.map((document) => ({
        index: documents.findIndex(({ id }) => id === document.id),
        relevanceScore: document.metadata.relevanceScore,
      })),
      usage: { totalTokens: expect.any(Number), imageTokens: expect.any(Number), textTokens: expect.any(Number) },
      requestIds: [rerank.server.calls[0]!.requestId],
      warnings: [],
      cached: false,
    });
    expect(ends[1]).toMatchObject({
      documentCount: 2,
      results: ranking,
      requestIds: [rerank.server.calls[1]!.requestId],
    });
  });

  it("reports a cached answer as cached, with no request ids and no tokens", async () => {
    const ends: RerankEndEvent[] = [];
    const reranker = compressor({ cache: true, onRerankEnd: (event) => ends.push(event) });
    await reranker.compressDocuments(corpus(), query);
    await reranker.compressDocuments(corpus(), query);
    expect(rerank.server.calls).toHaveLength(1);
    expect(ends.map(({ cached, requestIds, usage }) => ({ cached, requestIds, tokens: usage.totalTokens }))).toEqual([
      { cached: false, requestIds: [rerank.server.calls[0]!.requestId], tokens: expect.any(Number) },
      { cached: true, requestIds: [], tokens: 0 },
    ]);
  });

  it("tells onRerankError how a failure ends: passthrough from compressDocuments, throw from rerank()", async () => {
    rerank.server.enqueue({ type: "status", status: 500 }, { type: "status", status: 500 });
    const failures: RerankErrorEvent[] = [];
    const reranker = compressor({ maxRetries: 0, onError: "passthrough", onRerankError: (e) => failures.push(e) });
    const passed = await reranker.compressDocuments(corpus(), query);
    const thrown = await reranker.rerank(["a"], query).catch((error: unknown) => error);
    expect(passed.map(({ id }) => id)).toEqual(["a", "b", "c"]);
    expect(RerankAPIError.isInstance(thrown)).toBe(true);
    expect(failures).toEqual([
      {
        query,
        documentCount: 6,
        model: "qwen3-vl-rerank",
        error: expect.objectContaining({ status: 500 }),
        outcome: "passthrough",
      },
      { query, documentCount: 1, model: "qwen3-vl-rerank", error: thrown, outcome: "throw" },
    ]);
  });

  it("sends image and video metadata as {image} / {video}, text as {text}, a data-URL pageContent as {image}", async () => {
    const documents = [
      new Document({ pageContent: "red shoes on a shelf", metadata: {} }),
      new Document({ pageContent: "photo caption", metadata: { image: "https://example.com/red-running-shoe.jpg" } }),
      new Document({ pageContent: "", metadata: { imageUrl: "https://example.com/trail.png" } }),
      new Document({ pageContent: "", metadata: { image_url: "https://example.com/shoe-closeup.webp" } }),
      new Document({ pageContent: "a clip", metadata: { video: "https://example.com/trail-run.mp4" } }),
      new Document({ pageContent: "", metadata: { video_url: "https://example.com/road.mp4" } }),
      new Document({ pageContent: tinyPngDataUri, metadata: {} }),
    ];
    await compressor({ topN: 7 }).compressDocuments(documents, query);
    expect(bodies()[0]!.input.documents).toEqual([
      { text: "red shoes on a shelf" },
      { image: "https://example.com/red-running-shoe.jpg" },
      { image: "https://example.com/trail.png" },
      { image: "https://example.com/shoe-closeup.webp" },
      { video: "https://example.com/trail-run.mp4" },
      { video: "https://example.com/road.mp4" },
      { image: tinyPngDataUri },
    ]);
  });

  it("honours mixedContent, custom metadata keys and a custom toRerankDocument", async () => {
    const documents = [
      new Document({
        pageContent: "red shoe",
        metadata: { picture: "https://example.com/shoe.jpg", image: "https://example.com/other.jpg" },
      }),
    ];
    await compressor({ mixedContent: "text" }).compressDocuments(documents, query);
    await compressor({ imageMetadataKeys: ["picture"] }).compressDocuments(documents, query);
    await compressor({
      toRerankDocument: (document) => ({ text: `${document.metadata.picture} ${document.pageContent}` }),
    }).compressDocuments(documents, query);
    expect(bodies().map((body) => body.input.documents)).toEqual([
      [{ text: "red shoe" }],
      [{ image: "https://example.com/shoe.jpg" }],
      [{ text: "https://example.com/shoe.jpg red shoe" }],
    ]);
  });

  it("never mutates the input and returns new documents", async () => {
    const documents = corpus();
    const before = structuredClone(documents);
    const results = await compressor({ topN: 6 }).compressDocuments(documents, query);
    expect(documents).toEqual(before);
    expect(results).toHaveLength(6);
    for (const result of results) {
      expect(documents).not.toContain(result);
      expect(documents.map((document) => document.metadata)).not.toContain(result.metadata);
    }
  });

  it("returns [] for no documents, and blank ones with score 0, without a request", async () => {
    expect(await compressor().compressDocuments([], query)).toEqual([]);
    const blank = await compressor().compressDocuments([new Document({ pageContent: "  ", id: "blank" })], query);
    expect(blank.map((document) => [document.id, document.metadata.relevanceScore])).toEqual([["blank", 0]]);
    expect(rerank.server.calls).toHaveLength(0);
  });

  it("leaves blank documents out of the request and ranks them last with score 0, never losing one", async () => {
    const documents = [new Document({ pageContent: "", id: "blank" }), ...corpus().slice(0, 2)];
    const results = await compressor({ topN: 3 }).compressDocuments(documents, query);
    expect(bodies()[0]!.input.documents).toHaveLength(2);
    expect(
      results
        .slice(0, 2)
        .map((document) => document.id)
        .sort(),
    ).toEqual(["a", "b"]);
    expect([results[2]!.id, results[2]!.metadata.relevanceScore]).toEqual(["blank", 0]);
  });

  it("filters by scoreThreshold", async () => {
    const documents = corpus();
    const ranking = expectedRanking(documents, query);
    const threshold = (ranking[1]!.score + ranking[2]!.score) / 2;
    const results = await compressor({ topN: 6, scoreThreshold: threshold }).compressDocuments(documents, query);
    expect(results.map((document) => document.id)).toEqual(ranking.slice(0, 2).map(({ document }) => document.id));
  });

  it("writes the score under scoreKey", async () => {
    const [first] = await compressor({ topN: 1, scoreKey: "relevance_score" }).compressDocuments(corpus(), query);
    expect(first!.metadata.relevance_score).toBe(expectedRanking(corpus(), query)[0]!.score);
    expect(first!.metadata).not.toHaveProperty("relevanceScore");
  });

  it("passes core call settings and provider headers through", async () => {
    await compressor({
      instruct: "Find shoes.",
      workspace: "ws-1",
      headers: { "x-trace": "t1" },
      fps: 0.5,
    }).compressDocuments(corpus(), query);
    expect(bodies()[0]!.parameters).toMatchObject({ instruct: "Find shoes.", fps: 0.5, top_n: 3 });
    expect(rerank.server.calls[0]!.headers).toMatchObject({ "x-dashscope-workspace": "ws-1", "x-trace": "t1" });
  });

  it("accepts a ready-made RerankModel", async () => {
    const model = createDashScope({ apiKey, baseURL: rerank.baseURL }).rerankModel("qwen3-rerank");
    const reranker = new QwenRerank({ model, headers: { "x-call": "c1" }, topN: 1 });
    const [first] = await reranker.compressDocuments(corpus(), query);
    expect(reranker.model).toBe("qwen3-rerank");
    expect(first!.id).toBe(expectedRanking(corpus(), query)[0]!.document.id);
    expect(bodies()[0]!.model).toBe("qwen3-rerank");
    expect(rerank.server.calls[0]!.headers["x-call"]).toBe("c1");
  });

  it("rerank() scores documents, strings and records like CohereRerank", async () => {
    const documents = [
      "trail running shoes",
      new Document({ pageContent: "pasta" }),
      { text: "red shoes", image: "https://example.com/red-running-shoe.jpg" },
    ];
    const results = await compressor().rerank(documents, query, { topN: 2 });
    expect(bodies()[0]!.input.documents).toEqual([
      { text: "trail running shoes" },
      { text: "pasta" },
      { image: "https://example.com/red-running-shoe.jpg" },
    ]);
    const expected = lexicalRanking(query, bodies()[0]!.input.documents, { topN: 2 }).map(({ index, score }) => ({
      index,
      relevanceScore: score,
    }));
    expect(results).toEqual(expected);
  });

  it("retries a 429 with retry-after: 0, then succeeds", async () => {
    rerank.server.enqueue({ type: "status", status: 429, headers: { "retry-after": "0" } });
    const results = await compressor({ topN: 2 }).compressDocuments(corpus(), query);
    expect(rerank.server.calls.map((call) => call.response.status)).toEqual([429, 200]);
    expect(results.map((document) => document.id)).toEqual(
      expectedRanking(corpus(), query)
        .slice(0, 2)
        .map(({ document }) => document.id),
    );
  });

  it("rethrows a 401 as the core's typed error, through the retriever, without the key", async () => {
    const recorder = new RunRecorder();
    const store = await MemoryVectorStore.fromDocuments(corpus(), new SyntheticEmbeddings({ vectorSize: 8 }));
    const secret = "sk-wrong-secret-key";
    const retriever = new ContextualCompressionRetriever({
      baseCompressor: compressor({ apiKey: secret }),
      baseRetriever: store.asRetriever({ k: 3 }),
    });
    const error = await retriever.invoke(query, { callbacks: [recorder] }).catch((caught: unknown) => caught);
    expect(RerankAPIError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, apiCode: "InvalidApiKey" });
    expect(String((error as Error).message)).not.toContain(secret);
    expect(rerank.server.calls).toHaveLength(1);
    expect(recorder.errors).toContain(error);
  });

  it("onError: passthrough returns the original order on a 500, marked with rerankError", async () => {
    rerank.server.enqueue({ type: "status", status: 500 });
    const seen: RerankError[] = [];
    const documents = corpus();
    const before = structuredClone(documents);
    const reranker = compressor({
      maxRetries: 0,
      onError: "passthrough",
      onErrorPassthrough: (error) => seen.push(error),
      topN: 4,
    });
    const results = await reranker.compressDocuments(documents, query);
    expect(results.map((document) => document.id)).toEqual(["a", "b", "c", "d"]);
    expect(results.every((document) => !("relevanceScore" in document.metadata))).toBe(true);
    expect(results[0]!.metadata.rerankError).toBe(seen[0]!.message);
    expect(seen[0]).toMatchObject({ status: 500 });
    expect(results[2]!.metadata).toEqual({ ...documents[2]!.metadata, rerankError: seen[0]!.message });
    expect(documents).toEqual(before);
  });

  it("onError: passthrough still throws errors that are not the library's", async () => {
    const failing = compressor({
      onError: "passthrough",
      toRerankDocument: () => {
        throw new TypeError("mapping bug");
      },
    });
    await expect(failing.compressDocuments(corpus(), query)).rejects.toThrow(TypeError);
    expect(rerank.server.calls).toHaveLength(0);
  });

  it("keeps the API key out of JSON.stringify, util.inspect and errors", async () => {
    const reranker = compressor();
    expect(JSON.stringify(reranker)).not.toContain(apiKey);
    expect(inspect(reranker, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(apiKey);
    expect(Object.values(reranker)).not.toContain(apiKey);
  });
});

describe("QwenRerank constructor validation", () => {
  const model = createDashScope({ apiKey, baseURL: "http://127.0.0.1:9/api/v1" }).rerankModel("qwen3-vl-rerank");
  it.each<[string, Record<string, unknown>]>([
    ["topN", { topN: 0 }],
    ["topN", { topN: 1.5 }],
    ["topK", { topK: 3 }],
    ["scoreKey", { scoreKey: "" }],
    ["scoreThreshold", { scoreThreshold: Number.NaN }],
    ["onError", { onError: "ignore" }],
    ["baseURL", { baseURL: "ftp://example.com" }],
    ["region", { region: "eu" }],
    ["retry", { retry: { delay: 1 } }],
    ["fps", { fps: 2 }],
    ["mixedContent", { mixedContent: "all" }],
    ["imageMetadataKeys", { imageMetadataKeys: "image" }],
    ["model", { model: 42 }],
    ["apiKey", { model, apiKey }],
    ["returnDocuments", { returnDocuments: true }],
    ["timeoutMs", { timeoutMs: 0 }],
    ["headers", { headers: { "x-a": 1 } }],
  ])("refuses a bad %s with InvalidArgumentError, before any request", (argument, options) => {
    let error: unknown;
    try {
      new QwenRerank({ apiKey, baseURL: rerank.baseURL, ...options } as QwenRerankOptions);
    } catch (caught) {
      error = caught;
    }
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toContain(argument);
    expect(rerank.server.calls).toHaveLength(0);
  });

  it("never echoes an option's value in its message", () => {
    expect(() => new QwenRerank({ workspace: 123 as unknown as string, apiKey: "sk-secret" })).toThrow(
      /^Invalid argument workspace: must be a string\.$/,
    );
    expect(() => new QwenRerank({ apiKey: ["sk-secret"] as unknown as string })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("sk-secret") }),
    );
  });

  it("exposes its settings with their defaults", () => {
    expect(new QwenRerank({ apiKey })).toMatchObject({
      model: "qwen3-vl-rerank",
      topN: 3,
      scoreThreshold: undefined,
      scoreKey: "relevanceScore",
      onError: "throw",
    });
  });
});
