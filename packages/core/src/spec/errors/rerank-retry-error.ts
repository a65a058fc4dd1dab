import { RerankError } from "./rerank-error.js";

/** Why retrying stopped: the last error was final, retries ran out, or the provider's retry budget was spent. */
export type RerankRetryReason = "maxRetriesExceeded" | "errorNotRetryable" | "retryBudgetExhausted";

/** Every attempt failed. `lastError` is the one to act on; `errors` holds every attempt's error in order. */
export class RerankRetryError extends RerankError {
  readonly reason: RerankRetryReason;
  readonly errors: readonly unknown[];
  readonly lastError: unknown;
  /** Status of the last attempt, when it got an HTTP answer; lets LangChain's `AsyncCaller` leave 4xx alone. */
  readonly status: number | undefined;
  readonly apiCode: string | undefined;
  readonly requestId: string | undefined;

  constructor({ reason, errors }: { reason: RerankRetryReason; errors: readonly unknown[] }) {
    const lastError = errors[errors.length - 1];
    const last = lastError instanceof Error ? lastError.message : String(lastError);
    super({
      name: "RerankRetryError",
      code: "RERANK_ERR_RETRY",
      message: `Rerank failed after ${errors.length} attempt${errors.length === 1 ? "" : "s"} (${reason}). Last error: ${last}`,
      cause: lastError,
    });
    this.reason = reason;
    this.errors = errors;
    this.lastError = lastError;
    const fields = (lastError ?? {}) as { status?: unknown; apiCode?: unknown; requestId?: unknown };
    this.status = typeof fields.status === "number" ? fields.status : undefined;
    this.apiCode = typeof fields.apiCode === "string" ? fields.apiCode : undefined;
    this.requestId = typeof fields.requestId === "string" ? fields.requestId : undefined;
  }

  static override isInstance(error: unknown): error is RerankRetryError {
    return RerankError.hasMarker(error, "RERANK_ERR_RETRY");
  }
}
