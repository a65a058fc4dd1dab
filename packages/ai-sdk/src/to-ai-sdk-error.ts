import { APICallError, InvalidArgumentError, LoadAPIKeyError } from "@ai-sdk/provider";
import {
  InvalidArgumentError as CoreInvalidArgumentError,
  LoadAPIKeyError as CoreLoadAPIKeyError,
  RerankError,
  type RerankErrorCode,
  RerankRetryError,
  type RerankRetryReason,
} from "@qwen-rerank/core";

/** `APICallError.data` of a failed call: what the core knew about the failure, all of it JSON. */
export interface QwenRerankErrorData {
  /** The stable code of the core's error for the last attempt, e.g. `"RERANK_ERR_API"`. */
  code: RerankErrorCode;
  /** The provider's own error code, e.g. DashScope's `"Throttling.RateQuota"`, when the API sent one. */
  apiCode: string | undefined;
  /** The request id of the last attempt, when the API sent one. */
  requestId: string | undefined;
  /**
   * Whether the core judged the failure worth retrying. It has already retried it as far as `maxRetries` and the
   * provider's retry budget allowed, which is why `APICallError.isRetryable` is always `false`.
   */
  retryable: boolean;
  /** Attempts the core made for the failing request, the first included. */
  attempts: number;
  /** Why the core stopped retrying, when it made more than one attempt. */
  retryReason: RerankRetryReason | undefined;
  /** How long the server asked to wait (`Retry-After`), in milliseconds, when it said. */
  retryAfterMs: number | undefined;
  /** The socket error code of a network failure, e.g. `"ECONNRESET"`. */
  networkCode: string | undefined;
}

interface AttemptFailure {
  code: RerankErrorCode;
  url: string;
  status?: number;
  apiCode?: string;
  requestId?: string;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  isRetryable?: boolean;
  retryAfterMs?: number;
  networkCode?: string;
}

/**
 * The AI SDK's error for a failure of the core: bad input and a missing key as the SDK's own classes, every failure
 * after a request was sent as an `APICallError` whose `cause` is the core's error. Anything else (the caller's abort
 * reason, a deadline, a bug) is returned as it is.
 */
export function toAISDKError(error: unknown): unknown {
  if (!RerankError.isInstance(error)) return error;
  if (CoreInvalidArgumentError.isInstance(error)) return invalidArgument(error.argument, error);
  if (CoreLoadAPIKeyError.isInstance(error)) return new LoadAPIKeyError({ message: error.message });
  return apiCallError(error);
}

/** An `APICallError` for a failure after a request was sent: its last attempt had a URL. */
function apiCallError(error: RerankError): unknown {
  const retry: RerankRetryError | undefined = RerankRetryError.isInstance(error) ? error : undefined;
  const last: unknown = retry ? retry.lastError : error;
  if (!RerankError.isInstance(last) || typeof (last as { url?: unknown }).url !== "string") return error;
  const failure = last as unknown as AttemptFailure;
  const data: QwenRerankErrorData = {
    code: failure.code,
    apiCode: failure.apiCode,
    requestId: failure.requestId,
    retryable: failure.isRetryable === true,
    attempts: retry ? retry.errors.length : 1,
    retryReason: retry?.reason,
    retryAfterMs: failure.retryAfterMs,
    networkCode: failure.networkCode,
  };
  return new APICallError({
    message: error.message,
    url: failure.url,
    // The body can be megabytes of inline images; the core's error and `data` say what went wrong.
    requestBodyValues: undefined,
    statusCode: failure.status,
    responseHeaders: failure.responseHeaders,
    responseBody: failure.responseBody,
    // The core's retries (maxRetries, Retry-After, the provider's retry budget) are the only ones: the SDK's
    // `maxRetries` must not multiply them, least of all when the budget has stopped retrying during an outage.
    isRetryable: false,
    cause: error,
    data,
  });
}

/** The SDK's `InvalidArgumentError` for the core's, which stays its `cause` (with its `code`). */
export function invalidArgument(argument: string, cause: CoreInvalidArgumentError): InvalidArgumentError {
  const prefix = `Invalid argument ${cause.argument}: `;
  const detail = cause.message.startsWith(prefix) ? cause.message.slice(prefix.length) : cause.message;
  return new InvalidArgumentError({ argument, message: `Invalid argument ${argument}: ${detail}`, cause });
}
