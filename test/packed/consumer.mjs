// An ES-module app that installed the packed tarballs from the registry-like layout, nothing from the workspace.

import { ContextualCompressionRetriever } from "@langchain/classic/retrievers/contextual_compression";
import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { Document } from "@langchain/core/documents";
import { FakeEmbeddings } from "@langchain/core/utils/testing";
import { createQwenRerank } from "@qwen-rerank/ai-sdk";
import { createDashScope, rerank } from "@qwen-rerank/core";
import { QwenRerank as LangChainRerank } from "@qwen-rerank/langchain";
import { QwenRerank as LlamaIndexRerank } from "@qwen-rerank/llamaindex";
import { createRedisCache, createRedisRateLimiter } from "@qwen-rerank/redis";
import { startRerankServer } from "@qwen-rerank/testing";
import { APICallError, rerank as aiRerank } from "ai";
import { Redis } from "ioredis";
import { ImageNode, TextNode } from "llamaindex";

const server = await startRerankServer({ apiKey: "packed-key" });
const baseURL = `${server.url}/api/v1`;
try {
  const texts = ["red running shoes", "pasta recipes", "trail running shoes", "running socks"];
  const core = await rerank({
    model: createDashScope({ apiKey: "packed-key", baseURL }).rerankModel("qwen3-vl-rerank"),
    query: "running shoes",
    documents: texts,
    topN: 2,
  });

  const redis = process.env.REDIS_URL ? await rerankThroughRedis(baseURL, texts, "mjs") : null;

  const store = await MemoryVectorStore.fromDocuments(
    texts.map((pageContent) => new Document({ pageContent })),
    new FakeEmbeddings(),
  );
  const retriever = new ContextualCompressionRetriever({
    baseCompressor: new LangChainRerank({ apiKey: "packed-key", baseURL, topN: 2 }),
    baseRetriever: store.asRetriever({ k: 4 }),
  });
  const langchain = await retriever.invoke("running shoes");

  const nodes = [
    { node: new TextNode({ text: "pasta recipes" }), score: 0.9 },
    { node: new ImageNode({ image: "https://example.com/red-running-shoes.jpg", text: "" }), score: 0.5 },
    { node: new TextNode({ text: "trail running shoes" }), score: 0.1 },
  ];
  const llamaindex = await new LlamaIndexRerank({ apiKey: "packed-key", baseURL, topN: 2 }).postprocessNodes(
    nodes,
    "running shoes",
  );
  const qwen = createQwenRerank({ apiKey: "packed-key", baseURL });
  const aiSdk = await aiRerank({
    model: qwen.reranking("qwen3-vl-rerank"),
    query: "running shoes",
    documents: texts,
    topN: 2,
  });
  const unauthorized = await aiRerank({
    model: createQwenRerank({ apiKey: "wrong-key", baseURL }).reranking("qwen3-vl-rerank"),
    query: "running shoes",
    documents: texts,
  }).catch((error) => ({
    isAPICallError: APICallError.isInstance(error),
    statusCode: error.statusCode,
    isRetryable: error.isRetryable,
  }));

  console.log(
    JSON.stringify({
      format: "esm",
      core: core.results.map((result) => result.document),
      langchain: langchain.map((document) => [document.pageContent, document.metadata.relevanceScore]),
      llamaindex: llamaindex.map((item) => [item.node.type, item.score]),
      aiSdk: {
        documents: aiSdk.rerankedDocuments,
        requestIds: aiSdk.providerMetadata.qwen.requestIds,
        unauthorized,
      },
      redis,
      sentImage: server.calls.some((call) =>
        JSON.stringify(call.body).includes('"image":"https://example.com/red-running-shoes.jpg"'),
      ),
    }),
  );
} finally {
  await server.close();
}

// The Redis package with a real client: a shared limiter paces the call, and the second call is answered by the cache.
async function rerankThroughRedis(baseURL, documents, format) {
  const client = new Redis(process.env.REDIS_URL);
  try {
    const keyPrefix = `packed-${format}:`;
    const options = {
      model: createDashScope({ apiKey: "packed-key", baseURL }).rerankModel("qwen3-vl-rerank"),
      query: "running shoes",
      documents,
      topN: 2,
      rateLimiter: createRedisRateLimiter({ redis: client, requestsPerMinute: 600, keyPrefix }),
      cache: createRedisCache({ redis: client, keyPrefix }),
    };
    const first = await rerank(options);
    const second = await rerank(options);
    return {
      cached: [first.cached, second.cached],
      requests: [first.requestCount, second.requestCount],
      same: JSON.stringify(first.results) === JSON.stringify(second.results),
    };
  } finally {
    client.disconnect();
  }
}
