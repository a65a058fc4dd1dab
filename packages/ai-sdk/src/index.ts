// The core's errors, re-exported so that the `cause` of an AI SDK error can be told apart without a second import.
export {
  type DashScopeRerankModelId,
  InvalidArgumentError as RerankInvalidArgumentError,
  RerankAPIError,
  RerankError,
  RerankNetworkError,
  RerankResponseValidationError,
  RerankRetryError,
  RerankTimeoutError,
} from "@qwen-rerank/core";
export { fromRerankModel } from "./from-rerank-model.js";
export {
  type QwenRerankCallDefaults,
  type QwenRerankModelSettings,
  type QwenRerankProviderOptions,
  qwenProviderKey,
} from "./qwen-rerank-options.js";
export {
  createQwenRerank,
  type QwenRerankProvider,
  type QwenRerankProviderSettings,
  qwenRerank,
} from "./qwen-rerank-provider.js";
export type { QwenRerankingModel } from "./qwen-reranking-model.js";
export type { QwenRerankErrorData } from "./to-ai-sdk-error.js";
export type { QwenRerankProviderMetadata } from "./to-reranking-result.js";
