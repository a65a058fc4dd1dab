// The one scenario both module formats run: cjs.cjs and esm.mjs load the built package (and LlamaIndex's matching
// build) their own way and hand it here. Prints one JSON line for llamaindex-dist.test.ts.
module.exports = async function scenario({ ImageNode, TextNode, QwenRerank, RerankAPIError }, format) {
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
  const ids = result.map(({ node }) => node.id_);
  const scores = result.map(({ score }) => score);
  const retrievalScores = result.map(({ node }) => node.metadata.retrieval_score);
  console.log(JSON.stringify({ format, ids, scores, retrievalScores, error }));
};
