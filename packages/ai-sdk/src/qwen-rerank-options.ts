import type { DashScopeRerankModelSettings, RerankCallSettings } from "@qwen-rerank/core";

/** The key of this package's entry in `providerOptions` (per call) and in `providerMetadata` (per result). */
export const qwenProviderKey = "qwen";

/**
 * Per-call options, passed as `rerank({ providerOptions: { qwen: { ... } } })`. Every key is a `rerank()` option of
 * `@qwen-rerank/core` with the same meaning and default; they override the model's settings for this call.
 * `topN`, `abortSignal` and `headers` are arguments of the AI SDK's `rerank()` itself, so they are refused here.
 *
 * The AI SDK types `providerOptions` as JSON, so the options that take objects with methods (`rateLimiter`, a
 * `cache` store, `retryBudget`, `retry`, `onProgress`) type-check best as model settings:
 * `qwenRerank.reranking("qwen3-vl-rerank", { rateLimiter })`. They are accepted here too.
 */
export interface QwenRerankProviderOptions extends Omit<RerankCallSettings, "topN" | "abortSignal" | "headers"> {}

/** Settings of one model: defaults for each of its calls, which `providerOptions.qwen` overrides key by key. */
export interface QwenRerankCallDefaults extends QwenRerankProviderOptions {
  /** Headers on every request of this model; the call's `headers` win over them. @default {} */
  headers?: Record<string, string> | undefined;
}

/** Settings of `qwenRerank.reranking(modelId, settings)`: the DashScope endpoint and the call defaults. */
export interface QwenRerankModelSettings extends QwenRerankCallDefaults, DashScopeRerankModelSettings {}

/** What the AI SDK's call carries itself; the options under `providerOptions.qwen` must not repeat it. */
export const sdkCallKeys = ["topN", "abortSignal", "headers"] as const;
