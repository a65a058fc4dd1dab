import { RerankNetworkError } from "@qwen-rerank/core";

/**
 * Redis did not answer within `timeoutMs`, or failed the command. It is a `RerankNetworkError` (code
 * `RERANK_ERR_NETWORK`, retryable), so `RerankNetworkError.isInstance()` and the plugins' `onError` treat it like any
 * other network failure on the way to the service. `url` names the Redis endpoint, never its credentials.
 */
export class RedisUnavailableError extends RerankNetworkError {
  /** What was asked of Redis: the limiter's turn or pause, or a cache read or write. */
  readonly operation: RedisOperation;
  /** The bound that was hit, or that applied when the command failed. */
  readonly timeoutMs: number;

  constructor({
    operation,
    url,
    timeoutMs,
    cause,
  }: { operation: RedisOperation; url: string; timeoutMs: number; cause: unknown }) {
    super({ url, cause });
    const reason = cause instanceof Error ? cause.message : String(cause);
    this.name = "RedisUnavailableError";
    this.message = `Redis (${url}) failed the rerank ${operation} within ${timeoutMs} ms: ${reason}`;
    this.operation = operation;
    this.timeoutMs = timeoutMs;
  }
}

export type RedisOperation = "rate limiter" | "back-off" | "cache read" | "cache write";
