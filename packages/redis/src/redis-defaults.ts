/**
 * Every default of this package, in one place; each option's `@default` states the same value. `windowMarginMs` is the
 * core's (`rateLimitWindows`), so both limiters read a quota alike.
 */
export const redisDefaults = {
  keyPrefix: "qwen-rerank:",
  timeoutMs: 1000,
  ttlSeconds: 86_400,
} as const;
