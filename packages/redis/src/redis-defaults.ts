/** Every default of this package, in one place; each option's `@default` states the same value. */
export const redisDefaults = {
  keyPrefix: "qwen-rerank:",
  timeoutMs: 1000,
  windowMarginMs: 100,
  ttlSeconds: 86_400,
} as const;
