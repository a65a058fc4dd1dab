// The core's errors, re-exported so `catch` blocks need no second import.
export {
  InvalidArgumentError,
  LoadAPIKeyError,
  RerankAPIError,
  RerankError,
  type RerankModel,
  RerankNetworkError,
  RerankResponseValidationError,
  RerankRetryError,
  RerankTimeoutError,
  type RerankWarning,
} from "@qwen-rerank/core";
export { defaultImageMetadataKeys, defaultVideoMetadataKeys } from "@qwen-rerank/core/plugin";
export { QwenRerank } from "./qwen-rerank.js";
export type {
  RerankEndEvent,
  RerankErrorEvent,
  RerankEventDispatcher,
  RerankStartEvent,
} from "./qwen-rerank-events.js";
export type { QwenRerankMetadataMode, QwenRerankOptions } from "./qwen-rerank-options.js";
export { isImageNode, type ToRerankDocumentOptions, toRerankDocument } from "./to-rerank-document.js";
export { type ConvertedQuery, toRerankQuery } from "./to-rerank-query.js";
export { retrievalScoreKey } from "./with-retrieval-score.js";
