import type { RetryBudget } from "../spec/retry-budget.js";

export interface RetryBudgetOptions {
  /** What a full budget holds. @default 500 */
  capacity?: number | undefined;
  /** What one retry costs. @default 5 */
  retryCost?: number | undefined;
  /** What a retry after a timeout costs: timeouts hint at an overloaded service. @default 10 */
  timeoutCost?: number | undefined;
  /** What one success gives back. @default 1 */
  successRefill?: number | undefined;
}

/**
 * The AWS SDKs' standard retry quota (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html):
 * 500 units, 5 a retry, 10 a retry after a timeout, 1 back for every success. A healthy service never drains it; a
 * long outage drains it in about 100 retries, after which every call makes one attempt until successes refill it.
 */
export function createRetryBudget(options: RetryBudgetOptions = {}): RetryBudget {
  const { capacity = 500, retryCost = 5, timeoutCost = 10, successRefill = 1 } = options;
  let level = capacity;
  return {
    spend(error) {
      const cost = (error as { code?: unknown } | null)?.code === "RERANK_ERR_TIMEOUT" ? timeoutCost : retryCost;
      if (level < cost) return false;
      level -= cost;
      return true;
    },
    refill() {
      level = Math.min(capacity, level + successRefill);
    },
  };
}
