import { isServiceFailure } from "../spec/errors/is-service-failure.js";
import type { RerankError } from "../spec/errors/rerank-error.js";

/**
 * Runs a rerank; with `onError: "passthrough"`, a failure of the service (never bad input or a missing key, which do
 * not heal on their own) gives `passThrough(error)` instead, so the app keeps answering in the retriever's order.
 */
export async function rerankOrPassThrough<T>(
  run: () => Promise<T>,
  onError: "throw" | "passthrough",
  passThrough: (error: RerankError) => T,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (onError === "throw" || !isServiceFailure(error)) throw error;
    return passThrough(error);
  }
}
