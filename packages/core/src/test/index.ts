// Test doubles for code built on @qwen-rerank/core: `@qwen-rerank/core/test`. Not for production use.
export { MockRerankModel, type MockRerankModelOptions } from "./mock-rerank-model.js";
export { instantRetry, recordingSleep } from "./retry-hooks.js";
export { tinyPng, tinyPngDataUri } from "./tiny-images.js";
