import { rateLimiterDefaults } from "../defaults.js";
import { InvalidArgumentError } from "../spec/errors/invalid-argument-error.js";

/** A per-minute quota as a per-second check reads it: at most `requests` in any `requestWindowMs`, and so on. */
export interface RateLimitWindows {
  requests: number;
  requestWindowMs: number;
  /** Estimated tokens in any `tokenWindowMs`; `undefined` without a token quota. */
  tokens: number | undefined;
  tokenWindowMs: number;
}

/**
 * The windows every limiter here enforces (in process, and `@qwen-rerank/redis` in Redis), so both read a quota the
 * same way: N = max(1, ⌊RPM/60⌋) requests in N × 60,000 / RPM ms, TPM/60 tokens in a second, each window
 * `windowMarginMs` longer (https://help.aliyun.com/zh/model-studio/rate-limit). Bad options are refused here.
 */
export function rateLimitWindows(options: {
  requestsPerMinute: number;
  tokensPerMinute?: number | undefined;
  windowMarginMs?: number | undefined;
}): RateLimitWindows {
  const { requestsPerMinute: rpm, tokensPerMinute: tpm } = options;
  const margin = options.windowMarginMs ?? rateLimiterDefaults.windowMarginMs;
  checkQuota("requestsPerMinute", rpm);
  if (tpm !== undefined) checkQuota("tokensPerMinute", tpm);
  if (!(Number.isFinite(margin) && margin >= 0))
    throw new InvalidArgumentError({
      argument: "windowMarginMs",
      message: `must be 0 or more, got ${String(margin)}.`,
    });
  const requests = Math.max(1, Math.floor(rpm / 60));
  return {
    requests,
    requestWindowMs: (requests * 60_000) / rpm + margin,
    tokens: tpm === undefined ? undefined : tpm / 60,
    tokenWindowMs: 1000 + margin,
  };
}

function checkQuota(argument: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
    throw new InvalidArgumentError({ argument, message: `must be a finite number above 0, got ${String(value)}.` });
}
