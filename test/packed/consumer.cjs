// A CommonJS app: the same flow through require(), which must load every package's CJS build.
const { Document } = require("@langchain/core/documents");
const { ContextualCompressionRetriever } = require("@langchain/classic/retrievers/contextual_compression");
const { MemoryVectorStore } = require("@langchain/classic/vectorstores/memory");
const { FakeEmbeddings } = require("@langchain/core/utils/testing");
const { createQwenRerank } = require("@qwen-rerank/ai-sdk");
const { createDashScope, rerank } = require("@qwen-rerank/core");
const { QwenRerank: LangChainRerank } = require("@qwen-rerank/langchain");
const { QwenRerank: LlamaIndexRerank } = require("@qwen-rerank/llamaindex");
const { createRedisCache, createRedisRateLimiter } = require("@qwen-rerank/redis");
const { startRerankServer } = require("@qwen-rerank/testing");
const { APICallError, rerank: aiRerank } = require("ai");
const { Redis } = require("ioredis");
const { ImageNode, TextNode } = require("llamaindex");

async function main() {
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
    const redis = process.env.REDIS_URL ? await rerankThroughRedis(baseURL, texts, "cjs") : null;

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
        format: "cjs",
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
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

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
