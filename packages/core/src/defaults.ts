/**
 * Every default in one place. The TSDoc `@default` of each option states the same value, and a test checks that the
 * two agree (test/static-checks.test.ts), so change a default here and in its doc comment together.
 */
export const rerankDefaults = {
  maxRetries: 2,
  timeoutMs: 30_000,
  maxParallelCalls: 4,
  dedupe: true,
  emptyDocuments: "error",
  invalidMedia: "error",
  longDocuments: "truncate",
  cacheEntries: 1_000,
} as const;

/** Exponential backoff with full jitter: attempt n waits a random time in [0, min(maxDelayMs, initialDelayMs × 2^n)]. */
export const retryDefaults = {
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
} as const;

/** `createRateLimiter()`: how much longer than a second each window is kept, for requests delayed on their way. */
export const rateLimiterDefaults = {
  windowMarginMs: 100,
} as const;

/** undici keep-alive: idle sockets are kept 10 s, and never longer than a server's keep-alive hint or 60 s. */
export const keepAliveDefaults = {
  keepAliveTimeout: 10_000,
  keepAliveMaxTimeout: 60_000,
} as const;

/** What the framework plugins add on top of `rerank()`'s defaults. */
export const pluginDefaults = {
  model: "qwen3-vl-rerank",
  topN: 3,
  onError: "throw",
  invalidMedia: "skip",
} as const;

/** vLLM models: what one request may carry unless the model settings say otherwise. */
export const vllmDefaults = {
  maxModelLength: 32_768,
  maxDocumentsPerCall: 100,
  maxImagesPerCall: 40,
  maxVideosPerCall: 4,
} as const;
