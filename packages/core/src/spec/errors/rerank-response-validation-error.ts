import { RerankError } from "./rerank-error.js";

/** The API answered 2xx, but the body was not a rerank result we can trust (HTML, bad JSON, wrong shape, bad indices). */
export class RerankResponseValidationError extends RerankError {
  readonly status: number;
  readonly requestId: string | undefined;
  readonly url: string;
  /** The response body as text, cut to 2 KB. */
  readonly responseBody: string;
  /** Malformed answers are often a proxy hiccup, so they are retried. */
  readonly isRetryable = true;

  constructor(options: {
    status: number;
    url: string;
    reason: string;
    responseBody: string;
    requestId?: string | undefined;
    cause?: unknown;
  }) {
    const id = options.requestId ? ` (request_id=${options.requestId})` : "";
    super({
      name: "RerankResponseValidationError",
      code: "RERANK_ERR_RESPONSE_VALIDATION",
      message: `Invalid rerank response: ${options.reason}${id} POST ${options.url}`,
      cause: options.cause,
    });
    this.status = options.status;
    this.requestId = options.requestId;
    this.url = options.url;
    this.responseBody = options.responseBody.slice(0, 2048);
  }

  static override isInstance(error: unknown): error is RerankResponseValidationError {
    return RerankError.hasMarker(error, "RERANK_ERR_RESPONSE_VALIDATION");
  }
}
