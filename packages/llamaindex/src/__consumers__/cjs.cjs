// A CommonJS app using the built package with LlamaIndex's CJS build. Prints one JSON line for dist.test.ts.
const { ImageNode, TextNode } = require("@llamaindex/core/schema");
const { QwenRerank, RerankAPIError } = require("../../dist/index.cjs");

async function main() {
  const baseURL = process.env.QWEN_RERANK_BASE_URL;
  const nodes = [
    { node: new TextNode({ id_: "weather", text: "The weather forecast for the weekend." }), score: 0.9 },
    { node: new TextNode({ id_: "allergy", text: "Cat food allergy symptoms include itching." }), score: 0.5 },
    { node: new ImageNode({ id_: "apple", image: new URL("https://img.example.com/cat-food-bowl.png") }), score: 0.4 },
  ];
  const reranker = new QwenRerank({ apiKey: "test-key", baseURL, topN: 2, maxRetries: 0, keepRetrievalScore: true });
  const result = await reranker.postprocessNodes(nodes, "cat food allergy");

  let error;
  try {
    await new QwenRerank({ apiKey: "wrong-key", baseURL, maxRetries: 0 }).postprocessNodes(nodes, "cat");
  } catch (caught) {
    error = { typed: RerankAPIError.isInstance(caught), status: caught.status };
  }

  console.log(
    JSON.stringify({
      format: "cjs",
      ids: result.map(({ node }) => node.id_),
      scores: result.map(({ score }) => score),
      retrievalScores: result.map(({ node }) => node.metadata.retrieval_score),
      error,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
