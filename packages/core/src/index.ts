export type { DashScopeRerankModelId } from "./dashscope/dashscope-model-limits.js";
export {
  createDashScope,
  type DashScopeProvider,
  type DashScopeProviderSettings,
} from "./dashscope/dashscope-provider.js";
export type { DashScopeRerankModelSettings } from "./dashscope/dashscope-rerank-model.js";
export type { ImageResizeOption, ImageResizeSettings } from "./documents/image-resize-option.js";
export { sniffImageType } from "./documents/sniff-image-type.js";
export { type CostEstimate, estimateCost } from "./pricing/estimate-cost.js";
export { type RerankPrice, rerankPrices } from "./pricing/rerank-prices.js";
export { type RateLimitWindows, rateLimitWindows } from "./rerank/rate-limit-windows.js";
export {
  createRateLimiter,
  type RateLimitCost,
  RateLimiter,
  type RateLimiterOptions,
  type RerankRateLimiter,
} from "./rerank/rate-limiter.js";
export { rerank } from "./rerank/rerank.js";
export { type CachedRanking, createRerankCache, type RerankCacheStore } from "./rerank/rerank-cache-store.js";
export type {
  RerankCallSettings,
  RerankOptions,
  RerankProgress,
  RerankResult,
  RerankResultItem,
  RerankUsage,
} from "./rerank/rerank-options.js";
export { validateRerankCallSettings } from "./rerank/rerank-options-schema.js";
export { createRetryBudget, type RetryBudgetOptions } from "./rerank/retry-budget.js";
export type { RetrySettings } from "./rerank/retry-with-backoff.js";
export { InvalidArgumentError } from "./spec/errors/invalid-argument-error.js";
export { isServiceFailure } from "./spec/errors/is-service-failure.js";
export { LoadAPIKeyError } from "./spec/errors/load-api-key-error.js";
export { RerankAPIError } from "./spec/errors/rerank-api-error.js";
export { RerankError, type RerankErrorCode } from "./spec/errors/rerank-error.js";
export { RerankNetworkError } from "./spec/errors/rerank-network-error.js";
export { RerankResponseValidationError } from "./spec/errors/rerank-response-validation-error.js";
export { RerankRetryError, type RerankRetryReason } from "./spec/errors/rerank-retry-error.js";
export { RerankTimeoutError } from "./spec/errors/rerank-timeout-error.js";
export type {
  ImageInput,
  ImageSize,
  MixedContent,
  Modality,
  RerankDocument,
  RerankQuery,
  ResolvedDocument,
  ResolvedQuery,
  VideoInput,
} from "./spec/rerank-document.js";
export type {
  RerankModel,
  RerankModelCallOptions,
  RerankModelCallResult,
  RerankModelLimits,
  RerankModelUsage,
} from "./spec/rerank-model.js";
export type { RerankWarning } from "./spec/rerank-warning.js";
export type { RetryBudget } from "./spec/retry-budget.js";
export type { RerankTelemetrySettings } from "./telemetry/telemetry-settings.js";
export { VERSION } from "./version.js";
export {
  createVLLM,
  type VLLMModelSettings,
  type VLLMProvider,
  type VLLMProviderSettings,
} from "./vllm/vllm-provider.js";
