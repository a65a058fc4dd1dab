/** An error answer in dialect-neutral form; each dialect renders it in its own body shape. */
export class ApiError extends Error {
  readonly status: number;
  /** DashScope's error code (https://help.aliyun.com/zh/model-studio/error-code); other dialects map it to theirs. */
  readonly code: string;
  /** Extra response headers, such as `Retry-After` on a 429. */
  readonly headers: Readonly<Record<string, string>> | undefined;
  /** The request field at fault, for dialects whose body names one (vLLM's `param`). */
  readonly param: string | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { headers?: Readonly<Record<string, string>>; param?: string } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.headers = extra.headers;
    this.param = extra.param;
  }
}

// docs/dashscope-api.md §4.1 (codes and typical messages). 502-504 have no documented rerank code; the
// names below only need to be plausible, since clients branch on the status for those.
const byStatus: Readonly<Record<number, readonly [code: string, message: string]>> = {
  400: ["InvalidParameter", "Required parameter(s) missing or invalid, please check the request parameters."],
  401: ["InvalidApiKey", "Invalid API-key provided."],
  403: ["AccessDenied", "Access denied."],
  404: ["ModelNotFound", "Model not exist."],
  408: ["RequestTimeOut", "Request timed out, please try again later."],
  413: ["BadRequest.TooLarge", "Payload Too Large"],
  429: ["Throttling.RateQuota", "Requests rate limit exceeded, please try again later."],
  500: ["InternalError", "An internal error has occurred, please try again later or contact service support."],
  502: ["BadGateway", "Bad gateway."],
  503: ["ServiceUnavailable", "Service temporarily unavailable, please try again later."],
  504: ["GatewayTimeout", "Gateway timeout, please try again later."],
};

/** The error a bare `{ type: "status", status }` fault stands for; `code` and `message` replace the defaults. */
export function apiErrorForStatus(status: number, code?: string, message?: string): ApiError {
  const [defaultCode, defaultMessage] = byStatus[status] ??
    (status >= 500 ? byStatus[500] : byStatus[400]) ?? ["Unknown", ""];
  return new ApiError(status, code ?? defaultCode, message ?? defaultMessage);
}

// docs/dashscope-api.md §4.1: the real messages name the field.
/** 400 `InvalidParameter` naming the field, like the real messages do. */
export function invalidParameter(detail: string): ApiError {
  return new ApiError(400, "InvalidParameter", `Required parameter(s) missing or invalid: ${detail}`);
}

/** 500 `InternalError` for a bug in this server, so a test sees the cause instead of a hang. */
export function internalError(cause: unknown): ApiError {
  return new ApiError(500, "InternalError", `Test server failure: ${String(cause)}`);
}
