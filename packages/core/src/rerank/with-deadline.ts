import { RerankTimeoutError } from "../spec/errors/rerank-timeout-error.js";

/**
 * Runs `run` with the caller's signal, joined to a deadline when `deadlineMs` is set. Past the deadline the call
 * rejects with a final `RerankTimeoutError`; the caller's own abort is rethrown as it is.
 */
export async function withDeadline<T>(
  deadlineMs: number | undefined,
  abortSignal: AbortSignal | undefined,
  run: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (deadlineMs === undefined) return run(abortSignal);
  const deadline = AbortSignal.timeout(deadlineMs);
  try {
    return await run(abortSignal ? AbortSignal.any([abortSignal, deadline]) : deadline);
  } catch (error) {
    if (deadline.aborted && !abortSignal?.aborted) {
      throw new RerankTimeoutError({ timeoutMs: deadlineMs, kind: "deadline", cause: error });
    }
    throw error;
  }
}
