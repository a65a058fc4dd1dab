import { ApiError } from "./api-error.js";
import type { QuotaOptions, QuotaStats } from "./quota-options.js";

interface Admission {
  at: number;
  tokens: number;
}

// docs/dashscope-api.md §4.2: which message names which limit.
const requestsMessage = "Requests rate limit exceeded, please try again later.";
const tokensMessage = "Allocated quota exceeded, please increase your quota limit.";

function throttled(code: string, message: string, waitMs: number): ApiError {
  const retryAfter = String(Math.max(1, Math.ceil(waitMs / 1000)));
  return new ApiError(429, code, message, { headers: { "retry-after": retryAfter } });
}

/** Counts with nothing admitted or refused. */
export const emptyQuotaStats = (): QuotaStats => ({
  admitted: 0,
  admittedTokens: 0,
  throttledRequests: 0,
  throttledTokens: 0,
});

/** Sliding-window RPM and TPM per API key, on an injectable clock. */
export class QuotaLimiter {
  private readonly windows = new Map<string, Admission[]>();
  private stats = emptyQuotaStats();
  private readonly requestWindowMs: number;
  private readonly requestsPerWindow: number;
  private readonly tokensPerSecond: number;

  constructor(
    quota: QuotaOptions,
    private readonly now: () => number,
  ) {
    const rpm = quota.requestsPerMinute ?? Number.POSITIVE_INFINITY;
    this.requestsPerWindow = Math.max(1, Math.floor(rpm / 60));
    this.requestWindowMs = Number.isFinite(rpm) ? (this.requestsPerWindow * 60_000) / rpm : 1000;
    this.tokensPerSecond = (quota.tokensPerMinute ?? Number.POSITIVE_INFINITY) / 60;
  }

  /** Admits a call of `tokens` for `key`, or throws the 429 DashScope would send. */
  admit(key: string, tokens: number): void {
    const at = this.now();
    const horizon = Math.max(this.requestWindowMs, 1000);
    const window = (this.windows.get(key) ?? []).filter((admission) => at - admission.at < horizon);
    this.windows.set(key, window);
    const requests = window.filter((admission) => at - admission.at < this.requestWindowMs);
    if (requests.length >= this.requestsPerWindow) {
      this.stats.throttledRequests++;
      const oldest = requests[requests.length - this.requestsPerWindow]?.at ?? at;
      throw throttled("Throttling.RateQuota", requestsMessage, oldest + this.requestWindowMs - at);
    }
    const lastSecond = window.filter((admission) => at - admission.at < 1000);
    const used = lastSecond.reduce((sum, admission) => sum + admission.tokens, 0);
    if (lastSecond.length > 0 && used + tokens > this.tokensPerSecond) {
      this.stats.throttledTokens++;
      throw throttled("Throttling.AllocationQuota", tokensMessage, this.tokenWait(lastSecond, used, tokens, at));
    }
    window.push({ at, tokens });
    this.stats.admitted++;
    this.stats.admittedTokens += tokens;
  }

  // The wait until enough of the last second's tokens have left the window for this call to fit, or all have.
  private tokenWait(lastSecond: readonly Admission[], used: number, tokens: number, at: number): number {
    let remaining = used;
    for (const admission of lastSecond) {
      remaining -= admission.tokens;
      if (remaining + tokens <= this.tokensPerSecond) return admission.at + 1000 - at;
    }
    return (lastSecond.at(-1)?.at ?? at) + 1000 - at;
  }

  snapshot(): QuotaStats {
    return { ...this.stats };
  }

  reset(): void {
    this.windows.clear();
    this.stats = emptyQuotaStats();
  }
}
