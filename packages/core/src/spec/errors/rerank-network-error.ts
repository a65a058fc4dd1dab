import { RerankError } from "./rerank-error.js";

/** The request never got a complete HTTP response: connection refused or reset, socket closed mid-body, DNS. */
export class RerankNetworkError extends RerankError {
  readonly url: string;
  /** The underlying error code, e.g. `ECONNRESET` or `UND_ERR_SOCKET`. */
  readonly networkCode: string | undefined;
  readonly isRetryable = true;

  constructor({ url, cause }: { url: string; cause: unknown }) {
    const networkCode = findCode(cause);
    const reason = cause instanceof Error ? cause.message : String(cause);
    super({
      name: "RerankNetworkError",
      code: "RERANK_ERR_NETWORK",
      message: `Rerank request failed before a complete response: ${networkCode ? `${networkCode} ` : ""}${reason} POST ${url}`,
      cause,
    });
    this.url = url;
    this.networkCode = networkCode;
  }

  static override isInstance(error: unknown): error is RerankNetworkError {
    return RerankError.hasMarker(error, "RERANK_ERR_NETWORK");
  }
}

function findCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
