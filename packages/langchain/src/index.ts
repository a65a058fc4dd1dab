// Re-exported so that users can tell errors apart without depending on the core package themselves.
export {
  InvalidArgumentError,
  LoadAPIKeyError,
  RerankAPIError,
  type RerankDocument,
  RerankError,
  type RerankModel,
  RerankNetworkError,
  RerankResponseValidationError,
  RerankRetryError,
  RerankTimeoutError,
  type RerankUsage,
  type RerankWarning,
} from "@qwen-rerank/core";
export { QwenRerank, type QwenRerankCallOptions } from "./qwen-rerank.js";
export type {
  QwenRerankResult,
  QwenRerankRunOutput,
  RerankEndEvent,
  RerankErrorEvent,
  RerankStartEvent,
} from "./qwen-rerank-events.js";
export type { QwenRerankCallSettings, QwenRerankOptions } from "./qwen-rerank-options.js";
export {
  defaultImageMetadataKeys,
  defaultVideoMetadataKeys,
  type ToRerankDocumentOptions,
  toRerankDocument,
} from "./to-rerank-document.js";
