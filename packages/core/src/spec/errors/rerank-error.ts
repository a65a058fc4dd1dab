const marker = "qwen-rerank.error";
const symbol = Symbol.for(marker);

/** Stable error codes, one per error class. */
export type RerankErrorCode =
  | "RERANK_ERR_API"
  | "RERANK_ERR_TIMEOUT"
  | "RERANK_ERR_NETWORK"
  | "RERANK_ERR_RESPONSE_VALIDATION"
  | "RERANK_ERR_RETRY"
  | "RERANK_ERR_INVALID_ARGUMENT"
  | "RERANK_ERR_LOAD_API_KEY";

/**
 * Base class of every error this library throws. Use the static `isInstance()` guards rather than `instanceof`:
 * they also recognise errors thrown by a second copy of the package (e.g. one plugin resolving its own core).
 */
export class RerankError extends Error {
  // Read through `symbol in error` by isInstance, which works across duplicate copies of this package.
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: the marker is checked with the `in` operator.
  private readonly [symbol] = true;
  readonly code: RerankErrorCode;

  constructor({
    name,
    code,
    message,
    cause,
  }: { name: string; code: RerankErrorCode; message: string; cause?: unknown }) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = name;
    this.code = code;
  }

  static isInstance(error: unknown): error is RerankError {
    return RerankError.hasMarker(error);
  }

  protected static hasMarker(error: unknown, code?: RerankErrorCode): boolean {
    if (error == null || typeof error !== "object" || !(symbol in error)) return false;
    return code === undefined || (error as { code?: unknown }).code === code;
  }
}
