// An ESM app using the built package with LlamaIndex's ESM build. Prints one JSON line for dist.test.ts.
import { ImageNode, TextNode } from "@llamaindex/core/schema";
import { QwenRerank, RerankAPIError } from "../../dist/index.js";

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
    format: "esm",
    ids: result.map(({ node }) => node.id_),
    scores: result.map(({ score }) => score),
    retrievalScores: result.map(({ node }) => node.metadata.retrieval_score),
    error,
  }),
);
