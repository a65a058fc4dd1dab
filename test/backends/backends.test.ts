import { ContextualCompressionRetriever } from "@langchain/classic/retrievers/contextual_compression";
import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { Document as LangChainDocument } from "@langchain/core/documents";
import { SyntheticEmbeddings } from "@langchain/core/utils/testing";
import { createDashScope, createVLLM, type RerankModel, rerank } from "@qwen-rerank/core";
import { QwenRerank as LangChainRerank } from "@qwen-rerank/langchain";
import { QwenRerank as LlamaIndexRerank } from "@qwen-rerank/llamaindex";
import { lexicalScore, type RerankServer, startRerankServer } from "@qwen-rerank/testing";
import { Document as LlamaIndexDocument, VectorStoreIndex } from "llamaindex";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useOfflineLlamaIndexSettings } from "../support/llamaindex-offline.js";

// The same plugins, unchanged, on every backend: only the `model` line differs (docs/dashscope-api.md §1.2, §7.2).
const texts = [
  "Trail running shoes with a grippy sole.",
  "Pasta recipes for a quick dinner.",
  "Red running shoes for road races.",
  "How to wash a rain jacket.",
  "Running socks that prevent blisters.",
  "Shoes for hiking in the rain.",
];
const query = "red running shoes";
const topN = 3;
const expected = texts
  .map((text, index) => ({ text, index, score: lexicalScore(query, text) }))
  .sort((a, b) => b.score - a.score || a.index - b.index)
  .slice(0, topN)
  .map((item) => item.text);

let servers: RerankServer[] = [];
const dispatcher = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 });

useOfflineLlamaIndexSettings();
beforeAll(async () => {
  servers = [await startRerankServer({ apiKey: "test-key" }), await startRerankServer({ apiKey: "test-key" })];
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await dispatcher.close();
});

const backends: Array<[string, () => RerankModel, string]> = [
  [
    "DashScope native",
    () =>
      createDashScope({ apiKey: "test-key", baseURL: `${servers[0]!.url}/api/v1`, dispatcher }).rerankModel(
        "qwen3-vl-rerank",
      ),
    "native",
  ],
  [
    "DashScope compatible",
    () =>
      createDashScope({ apiKey: "test-key", baseURL: `${servers[0]!.url}/api/v1`, dispatcher }).rerankModel(
        "qwen3-rerank",
        { api: "compatible" },
      ),
    "compatible",
  ],
  [
    "vLLM",
    () =>
      createVLLM({ baseURL: servers[0]!.url, apiKey: "test-key", dispatcher }).rerankModel("Qwen/Qwen3-VL-Reranker-8B"),
    "vllm",
  ],
];

describe.each(backends)("both plugins on %s", (_name, model, dialect) => {
  it("a LangChain ContextualCompressionRetriever returns the server's order", async () => {
    servers[0]!.reset();
    const store = await MemoryVectorStore.fromDocuments(
      texts.map((pageContent) => new LangChainDocument({ pageContent })),
      new SyntheticEmbeddings({ vectorSize: 16 }),
    );
    const retriever = new ContextualCompressionRetriever({
      baseCompressor: new LangChainRerank({ model: model(), topN }),
      baseRetriever: store.asRetriever({ k: texts.length }),
    });
    const documents = await retriever.invoke(query);
    expect(documents.map((document) => document.pageContent)).toEqual(expected);
    expect(servers[0]!.calls.map((call) => call.dialect)).toEqual([dialect]);
  });

  it("a LlamaIndex query engine returns the server's order", async () => {
    servers[0]!.reset();
    const index = await VectorStoreIndex.fromDocuments(
      texts.map((text, position) => new LlamaIndexDocument({ id_: `doc-${position}`, text })),
    );
    const engine = index.asQueryEngine({
      similarityTopK: texts.length,
      nodePostprocessors: [new LlamaIndexRerank({ model: model(), topN })],
    });
    const nodes = await engine.retrieve({ query });
    expect(nodes.map((item) => item.node.getContent("NONE" as never))).toEqual(expected);
    expect(servers[0]!.calls.map((call) => call.dialect)).toEqual([dialect]);
  });
});

describe("vLLM failover", () => {
  it("keeps every result when one of two replicas is killed mid-run", async () => {
    const [first, second] = [
      await startRerankServer({ apiKey: null, latencyMs: 20 }),
      await startRerankServer({ apiKey: null, latencyMs: 20 }),
    ];
    try {
      const model = createVLLM({ baseURL: [first.url, second.url], dispatcher }).rerankModel(
        "Qwen/Qwen3-VL-Reranker-2B",
        { maxDocumentsPerCall: 10 },
      );
      const documents = Array.from(
        { length: 400 },
        (_, i) => `item ${i} ${i % 7 === 0 ? "red running shoes" : "pasta"}`,
      );
      let killed = false;
      const { results } = await rerank({
        model,
        query,
        documents,
        maxParallelCalls: 4,
        retry: { sleep: async () => {} },
        onProgress: ({ completedBatches }) => {
          // Kill the first replica a few batches in, while later batches are still to be sent to it.
          if (completedBatches === 5 && !killed) {
            killed = true;
            void first.close();
          }
        },
      });
      expect(killed).toBe(true);
      expect(results.map((result) => result.index).sort((a, b) => a - b)).toEqual(documents.map((_, index) => index));
      for (const result of results) expect(result.score).toBeCloseTo(lexicalScore(query, documents[result.index]!), 6);
      expect(second.calls.length).toBeGreaterThan(first.calls.length);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
