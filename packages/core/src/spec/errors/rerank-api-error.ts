import { RerankError } from "./rerank-error.js";

const retryableStatus = (status: number) => status === 408 || status === 409 || status === 429 || status >= 500;

/** The API answered with an error: a non-2xx status, or an error body inside HTTP 200. */
export class RerankAPIError extends RerankError {
  /** HTTP status of the response. */
  readonly status: number;
  /** The provider's own error code, e.g. DashScope's `Throttling.RateQuota`. */
  readonly apiCode: string | undefined;
  readonly requestId: string | undefined;
  readonly url: string;
  readonly responseHeaders: Record<string, string>;
  /** The response body as text, cut to 2 KB so a large proxy page does not bloat logs. */
  readonly responseBody: string | undefined;
  readonly isRetryable: boolean;
  /** Milliseconds the server asked us to wait (`Retry-After` / `retry-after-ms`), if it said. */
  readonly retryAfterMs: number | undefined;

  constructor(options: {
    provider: string;
    status: number;
    apiCode?: string | undefined;
    apiMessage?: string | undefined;
    requestId?: string | undefined;
    url: string;
    responseHeaders?: Record<string, string>;
    responseBody?: string | undefined;
    isRetryable?: boolean;
    retryAfterMs?: number | undefined;
    cause?: unknown;
  }) {
    const detail = [options.apiCode, options.apiMessage].filter(Boolean).join(": ");
    const id = options.requestId ? ` (request_id=${options.requestId})` : "";
    super({
      name: "RerankAPIError",
      code: "RERANK_ERR_API",
      message: `${options.provider} rerank failed: ${options.status}${detail ? ` ${detail}` : ""}${id} POST ${options.url}`,
      cause: options.cause,
    });
    this.status = options.status;
    this.apiCode = options.apiCode;
    this.requestId = options.requestId;
    this.url = options.url;
    this.responseHeaders = options.responseHeaders ?? {};
    this.responseBody = options.responseBody?.slice(0, 2048);
    this.isRetryable = options.isRetryable ?? retryableStatus(options.status);
    this.retryAfterMs = options.retryAfterMs;
  }

  static override isInstance(error: unknown): error is RerankAPIError {
    return RerankError.hasMarker(error, "RERANK_ERR_API");
  }
}
