/**
 * Rate limits per API key on the DashScope routes, counted per minute as DashScope states them but enforced per
 * second, as DashScope may (https://help.aliyun.com/zh/model-studio/rate-limit): RPM/60 requests and TPM/60 tokens.
 */
export interface QuotaOptions {
  /**
   * Requests per minute. Enforced as at most N = max(1, ⌊rpm/60⌋) requests in any sliding window of
   * N × 60,000 / rpm milliseconds (one second when rpm ≥ 60 and divisible by 60). Over it: 429
   * `Throttling.RateQuota` with `Retry-After`.
   * @default undefined (no limit)
   */
  requestsPerMinute?: number;
  /**
   * Tokens per minute, by the server's token estimate of each request (query tokens × documents + document
   * tokens). Enforced as at most tpm/60 tokens in any sliding one-second window; a request larger than that alone
   * passes only when the window is empty. Over it: 429 `Throttling.AllocationQuota` with `Retry-After`.
   * @default undefined (no limit)
   */
  tokensPerMinute?: number;
}

/** What `server.quotaStats()` returns: counts since start or `reset()`, over every key. */
export interface QuotaStats {
  /** Calls the quota let through. */
  admitted: number;
  /** Tokens of the calls it let through. */
  admittedTokens: number;
  /** Calls refused for requests per minute (429 `Throttling.RateQuota`). */
  throttledRequests: number;
  /** Calls refused for tokens per minute (429 `Throttling.AllocationQuota`). */
  throttledTokens: number;
}
