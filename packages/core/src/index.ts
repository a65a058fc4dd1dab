export type { DashScopeRerankModelId } from "./dashscope/dashscope-model-limits.js";
export { createDashScope, type DashScopeProvider, type DashScopeProviderSettings } from "./dashscope/dashscope-provider.js";
export type { DashScopeRerankModelSettings } from "./dashscope/dashscope-rerank-model.js";
export type {
  ImageInput,
  Modality,
  RerankDocument,
  RerankQuery,
  RerankWarning,
  ResolvedDocument,
  ResolvedQuery,
  VideoInput,
} from "./documents/rerank-document.js";
export type { MixedContent } from "./documents/resolve-documents.js";
export { sniffImageType } from "./documents/sniff-image-type.js";
export { InvalidArgumentError } from "./errors/invalid-argument-error.js";
export { isServiceFailure } from "./errors/is-service-failure.js";
export { LoadAPIKeyError } from "./errors/load-api-key-error.js";
export { RerankAPIError } from "./errors/rerank-api-error.js";
export { RerankError, type RerankErrorCode } from "./errors/rerank-error.js";
export { RerankNetworkError } from "./errors/rerank-network-error.js";
export { RerankResponseValidationError } from "./errors/rerank-response-validation-error.js";
export { RerankRetryError, type RerankRetryReason } from "./errors/rerank-retry-error.js";
export { RerankTimeoutError } from "./errors/rerank-timeout-error.js";
export { RateLimiter } from "./rerank/rate-limiter.js";
export { rerank } from "./rerank/rerank.js";
export { type CachedRanking, createRerankCache, type RerankCacheStore } from "./rerank/rerank-cache.js";
export type { RerankModel, RerankModelCallOptions, RerankModelCallResult, RerankModelLimits } from "./rerank/rerank-model.js";
export type {
  RerankCallSettings,
  RerankOptions,
  RerankProgress,
  RerankResult,
  RerankResultItem,
} from "./rerank/rerank-options.js";
export { validateRerankCallSettings } from "./rerank/rerank-options.js";
export type { RetrySettings } from "./rerank/retry-with-backoff.js";
export { VERSION } from "./version.js";
export { createVLLM, type VLLMModelSettings, type VLLMProvider, type VLLMProviderSettings } from "./vllm/vllm-provider.js";
