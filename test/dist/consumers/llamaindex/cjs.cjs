// A CommonJS app using the built package with LlamaIndex's CJS build.
const { ImageNode, TextNode } = require("@llamaindex/core/schema");
const { QwenRerank, RerankAPIError } = require("@qwen-rerank/llamaindex");
const scenario = require("./scenario.cjs");

scenario({ ImageNode, TextNode, QwenRerank, RerankAPIError }, "cjs").catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
