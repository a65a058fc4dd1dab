import { RerankError } from "./rerank-error.js";

/** An attempt ran past `timeoutMs`, or the whole call past `deadlineMs`. */
export class RerankTimeoutError extends RerankError {
  readonly timeoutMs: number;
  readonly url: string | undefined;
  /** Per-attempt timeouts are retried; hitting the total deadline is final. */
  readonly isRetryable: boolean;

  constructor({
    timeoutMs,
    url,
    kind = "attempt",
    cause,
  }: { timeoutMs: number; url?: string; kind?: "attempt" | "deadline"; cause?: unknown }) {
    super({
      name: "RerankTimeoutError",
      code: "RERANK_ERR_TIMEOUT",
      message:
        kind === "deadline"
          ? `Rerank deadline of ${timeoutMs} ms exceeded`
          : `Rerank request timed out after ${timeoutMs} ms${url ? ` POST ${url}` : ""}`,
      cause,
    });
    this.timeoutMs = timeoutMs;
    this.url = url;
    this.isRetryable = kind === "attempt";
  }

  static override isInstance(error: unknown): error is RerankTimeoutError {
    return RerankError.hasMarker(error, "RERANK_ERR_TIMEOUT");
  }
}
