export { QwenRerank, type QwenRerankCallOptions, type QwenRerankResult } from "./qwen-rerank.js";
export type { QwenRerankCallSettings, QwenRerankOptions } from "./qwen-rerank-options.js";
export { defaultImageMetadataKeys, defaultVideoMetadataKeys, toRerankDocument, type ToRerankDocumentOptions } from "./to-rerank-document.js";
// Re-exported so that users can tell errors apart without depending on the core package themselves.
export {
  InvalidArgumentError,
  LoadAPIKeyError,
  RerankAPIError,
  RerankError,
  RerankNetworkError,
  RerankResponseValidationError,
  RerankRetryError,
  RerankTimeoutError,
  type RerankDocument,
  type RerankModel,
} from "@qwen-rerank/core";
