/**
 * Retries spend from a budget that successes refill, shared by every call on one provider, so that during an outage
 * a fleet sends about one request per call instead of one per attempt. `rerank()` asks it before every retry.
 */
export interface RetryBudget {
  /** Takes the cost of one retry after `error`; `false` when too little is left, and the error is then final. */
  spend(error: unknown): boolean;
  /** A request succeeded. */
  refill(): void;
}
