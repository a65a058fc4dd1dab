import { ContextualCompressionRetriever } from "@langchain/classic/retrievers/contextual_compression";
import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { Document as LangChainDocument } from "@langchain/core/documents";
import { ChatPromptTemplate } from "@langchain/core/prompts";
import { RunnableLambda, RunnablePassthrough, RunnableSequence } from "@langchain/core/runnables";
import { SyntheticEmbeddings } from "@langchain/core/utils/testing";
import { InvalidArgumentError, LoadAPIKeyError, RerankError, RerankRetryError } from "@qwen-rerank/core";
import { type QwenRerankOptions as LangChainOptions, QwenRerank as LangChainRerank } from "@qwen-rerank/langchain";
import {
  type QwenRerankOptions as LlamaIndexOptions,
  QwenRerank as LlamaIndexRerank,
  type RerankErrorEvent,
} from "@qwen-rerank/llamaindex";
import { type Fault, startRerankServer } from "@qwen-rerank/testing";
import { Document as LlamaIndexDocument, type MetadataMode, type NodeWithScore, VectorStoreIndex } from "llamaindex";
import { beforeAll, describe, expect, it } from "vitest";
import { useOfflineLlamaIndexSettings } from "../support/llamaindex-offline.js";
import { hashScore } from "./fault-matrix.js";
import { apiKey, noSleep, useReliability, useServer } from "./helpers.js";

// Item 7: `onError: "passthrough"` keeps a RAG app answering while the reranker is down. End to end, in a LangChain
// ContextualCompressionRetriever inside a RAG chain and in a LlamaIndex query engine: an outage returns the
// retriever's own order (cut to topN) with the error attached, `"throw"` (the default) surfaces the typed error, and
// once the service is back the same instance reranks again.

const texts = [
  "Cat food allergy symptoms include itching and ear infections.",
  "The weather forecast for the weekend is sunny.",
  "Choosing cat food for a picky eater.",
  "Dogs can have a food allergy too.",
  "The cat sat on the mat.",
  "Allergy season brings high pollen counts.",
];
const query = "cat food allergy";
const topN = 3;
const maxRetries = 2;

/** The outages a reranker meets: the service failing, the service gone, the service stuck, a revoked key. */
const outages: Array<[string, Fault | "refused"]> = [
  ["503 on every attempt", { type: "status", status: 503 }],
  ["connection refused", "refused"],
  ["a hang past the timeout", { type: "hang" }],
  ["401 (revoked key)", { type: "status", status: 401 }],
];

describe("onError: passthrough keeps a RAG app answering while the reranker is down", () => {
  const reliability = useReliability("degrade");
  const context = useServer({ scorer: (_query, document) => hashScore(3, document.text) });
  const rows: Array<{ framework: string; outage: string; mode: string; ok: boolean }> = [];
  let closedURL = "";

  beforeAll(async () => {
    const gone = await startRerankServer();
    closedURL = `${gone.url}/api/v1`;
    await gone.close();
  });

  /** Starts an outage on the shared server, or points the reranker at a closed port. */
  const outage = (fault: Fault | "refused") => {
    if (fault !== "refused") context.server.onCall(() => fault);
    return {
      baseURL: fault === "refused" ? closedURL : context.baseURL,
      timeoutMs: fault !== "refused" && fault.type === "hang" ? 250 : 10_000,
    };
  };
  const rerankedOrder = (candidates: readonly string[]) =>
    candidates
      .map((text, index) => ({ text, index, score: hashScore(3, text) }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, topN)
      .map(({ text }) => text);

  describe("LangChain: ContextualCompressionRetriever in a RAG chain", () => {
    let store: MemoryVectorStore;
    beforeAll(async () => {
      store = await MemoryVectorStore.fromDocuments(
        texts.map(
          (pageContent, index) =>
            new LangChainDocument({ pageContent, id: `doc-${index}`, metadata: { source: index } }),
        ),
        new SyntheticEmbeddings({ vectorSize: 16 }),
      );
    });
    const compressor = (options: LangChainOptions) =>
      new LangChainRerank({ apiKey, dispatcher: context.dispatcher, topN, maxRetries, retry: noSleep, ...options });
    const ragChain = (retriever: ContextualCompressionRetriever) =>
      RunnableSequence.from([
        {
          context: retriever.pipe((documents: LangChainDocument[]) =>
            documents.map((document) => `- ${document.pageContent}`).join("\n"),
          ),
          question: new RunnablePassthrough(),
        },
        ChatPromptTemplate.fromTemplate("Answer from the context.\nContext:\n{context}\nQuestion: {question}"),
        // The model: answers with the first passage it was given, so the test sees what reached it.
        RunnableLambda.from(
          (prompt: { toString(): string }) => `Answer: ${/- (.*)/.exec(prompt.toString())?.[1] ?? "nothing"}`,
        ),
      ]);

    it.each(outages)(
      "during %s: the retriever's order, cut to topN, with the error attached; the chain still answers",
      async (name, fault) => {
        const baseRetriever = store.asRetriever({ k: texts.length });
        const retrieved = (await baseRetriever.invoke(query)).map((document) => document.pageContent);
        // Otherwise a rerank and a passthrough would look alike.
        expect(retrieved.slice(0, topN)).not.toEqual(rerankedOrder(texts));
        const errors: RerankError[] = [];
        const retriever = new ContextualCompressionRetriever({
          baseCompressor: compressor({
            ...outage(fault),
            onError: "passthrough",
            onErrorPassthrough: (error) => errors.push(error),
          }),
          baseRetriever,
        });

        const documents = await retriever.invoke(query);
        expect(documents.map((document) => document.pageContent)).toEqual(retrieved.slice(0, topN));
        for (const document of documents) {
          expect(document.metadata.rerankError).toMatch(/\S/);
          expect(document.metadata.relevanceScore).toBeUndefined();
        }
        expect(errors).toHaveLength(1);
        expect(RerankError.isInstance(errors[0])).toBe(true);
        expect(documents[0]!.metadata.rerankError).toBe(errors[0]!.message);
        expect(reliability.scan(`LangChain passthrough ${name}`, { documents, error: errors[0] })).toBeUndefined();

        const answer = await ragChain(retriever).invoke(query);
        expect(answer).toBe(`Answer: ${retrieved[0]}`);
        rows.push({ framework: "LangChain", outage: name, mode: "passthrough", ok: true });
      },
    );

    it.each(outages)(
      "during %s with onError: throw (the default), the typed error reaches the caller",
      async (name, fault) => {
        const retriever = new ContextualCompressionRetriever({
          baseCompressor: compressor(outage(fault)),
          baseRetriever: store.asRetriever({ k: texts.length }),
        });
        const error = await ragChain(retriever)
          .invoke(query)
          .then(
            () => undefined,
            (caught: unknown) => caught,
          );
        expect(RerankError.isInstance(error)).toBe(true);
        if (name !== "401 (revoked key)") expect(RerankRetryError.isInstance(error)).toBe(true);
        expect(reliability.scan(`LangChain throw ${name}`, error)).toBeUndefined();
        rows.push({ framework: "LangChain", outage: name, mode: "throw", ok: true });
      },
    );

    it("reranks again as soon as the service is back, with the same compressor", async () => {
      const retriever = new ContextualCompressionRetriever({
        baseCompressor: compressor({ baseURL: context.baseURL, onError: "passthrough" }),
        baseRetriever: store.asRetriever({ k: texts.length }),
      });
      const removeRule = context.server.onCall(() => ({ type: "status", status: 503 }));
      const degraded = await retriever.invoke(query);
      expect(degraded.every((document) => typeof document.metadata.rerankError === "string")).toBe(true);
      removeRule();
      const recovered = await retriever.invoke(query);
      expect(recovered.map((document) => document.pageContent)).toEqual(rerankedOrder(texts));
      expect(
        recovered.every(
          (document) =>
            document.metadata.rerankError === undefined && typeof document.metadata.relevanceScore === "number",
        ),
      ).toBe(true);
      rows.push({ framework: "LangChain", outage: "recovery", mode: "passthrough", ok: true });
    });

    it("still throws bad input and a missing key: they never heal, so hiding them would hide a bug", async () => {
      const previous = process.env.DASHSCOPE_API_KEY;
      delete process.env.DASHSCOPE_API_KEY;
      try {
        const noKey = new LangChainRerank({ baseURL: context.baseURL, topN, onError: "passthrough" });
        await expect(noKey.compressDocuments([new LangChainDocument({ pageContent: "a" })], query)).rejects.toSatisfy(
          LoadAPIKeyError.isInstance,
        );
      } finally {
        if (previous !== undefined) process.env.DASHSCOPE_API_KEY = previous;
      }
      expect(context.server.calls).toHaveLength(0);
    });
  });

  describe("LlamaIndex: VectorStoreIndex query engine", () => {
    let index: VectorStoreIndex;
    useOfflineLlamaIndexSettings();
    beforeAll(async () => {
      index = await VectorStoreIndex.fromDocuments(
        texts.map((text, position) => new LlamaIndexDocument({ id_: `doc-${position}`, text })),
      );
    });
    const postprocessor = (options: LlamaIndexOptions) =>
      new LlamaIndexRerank({ apiKey, dispatcher: context.dispatcher, topN, maxRetries, retry: noSleep, ...options });
    const textsOf = (nodes: readonly NodeWithScore[] | undefined) =>
      (nodes ?? []).map(({ node }) => node.getContent("NONE" as MetadataMode));

    it.each(outages)(
      "during %s: the query engine answers from the retriever's order, the error goes to onRerankError",
      async (name, fault) => {
        const retrieved = await index.asRetriever({ similarityTopK: texts.length }).retrieve({ query });
        expect(textsOf(retrieved).slice(0, topN)).not.toEqual(rerankedOrder(texts));
        const events: RerankErrorEvent[] = [];
        const engine = index.asQueryEngine({
          nodePostprocessors: [
            postprocessor({ ...outage(fault), onError: "passthrough", onRerankError: (event) => events.push(event) }),
          ],
          similarityTopK: texts.length,
        });

        const response = await engine.query({ query });
        expect(response.toString()).toBe("mock answer");
        expect(textsOf(response.sourceNodes)).toEqual(textsOf(retrieved).slice(0, topN));
        // The retriever's own scores are kept: nothing pretends to be a rerank score.
        expect(response.sourceNodes?.map(({ score }) => score)).toEqual(
          retrieved.slice(0, topN).map(({ score }) => score),
        );
        expect(events).toHaveLength(1);
        expect(events[0]!.outcome).toBe("passthrough");
        expect(RerankError.isInstance(events[0]!.error)).toBe(true);
        expect(reliability.scan(`LlamaIndex passthrough ${name}`, events[0]!.error)).toBeUndefined();
        rows.push({ framework: "LlamaIndex", outage: name, mode: "passthrough", ok: true });
      },
    );

    it.each(outages)(
      "during %s with onError: throw (the default), the query rejects with the typed error",
      async (name, fault) => {
        const engine = index.asQueryEngine({
          nodePostprocessors: [postprocessor(outage(fault))],
          similarityTopK: texts.length,
        });
        const error = await engine.query({ query }).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(RerankError.isInstance(error)).toBe(true);
        expect(reliability.scan(`LlamaIndex throw ${name}`, error)).toBeUndefined();
        rows.push({ framework: "LlamaIndex", outage: name, mode: "throw", ok: true });
      },
    );

    it("reranks again as soon as the service is back, and bad input still throws in passthrough", async () => {
      const reranker = postprocessor({ baseURL: context.baseURL, onError: "passthrough" });
      const engine = index.asQueryEngine({ nodePostprocessors: [reranker], similarityTopK: texts.length });
      const removeRule = context.server.onCall(() => ({ type: "status", status: 503 }));
      await engine.query({ query });
      removeRule();
      const recovered = await engine.query({ query });
      expect(textsOf(recovered.sourceNodes)).toEqual(rerankedOrder(texts));
      const invalid = await reranker
        .postprocessNodes(recovered.sourceNodes ?? [], "  ")
        .catch((caught: unknown) => caught);
      expect(InvalidArgumentError.isInstance(invalid)).toBe(true);
      rows.push({ framework: "LlamaIndex", outage: "recovery", mode: "passthrough", ok: true });
    });
  });

  it("records the figures", () => {
    // Planned: each outage in both frameworks and both modes, plus one recovery per framework.
    Object.assign(reliability.figures, {
      outages: outages.map(([name]) => name),
      passthroughCases: outages.length * 2 + 2,
      passthroughAnswered: rows.filter((row) => row.mode === "passthrough" && row.ok).length,
      throwCases: outages.length * 2,
      throwSurfaced: rows.filter((row) => row.mode === "throw" && row.ok).length,
    });
  });
});
