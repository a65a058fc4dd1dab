import { type Dispatcher, request } from "undici";
import { RerankNetworkError } from "../errors/rerank-network-error.js";
import { RerankTimeoutError } from "../errors/rerank-timeout-error.js";

export interface PostJsonOptions {
  url: string;
  headers: Record<string, string>;
  /** Serialized once per batch by the caller, so retries reuse the same string. */
  body: string;
  dispatcher: Dispatcher | undefined;
  abortSignal: AbortSignal | undefined;
  timeoutMs: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One POST through undici. Resolves with any HTTP answer (status checks belong to the caller); rejects only with
 * a timeout, a network error, or the caller's own abort reason.
 */
export async function postJson(options: PostJsonOptions): Promise<RawResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.abortSignal ? AbortSignal.any([options.abortSignal, timeout]) : timeout;
  try {
    const response = await request(options.url, {
      method: "POST",
      headers: options.headers,
      body: options.body,
      signal,
      dispatcher: options.dispatcher,
      // undici's own timers default to 300 s, far too long for an interactive RAG step.
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    const body = await response.body.text();
    return { status: response.statusCode, headers: flattenHeaders(response.headers), body };
  } catch (error) {
    if (options.abortSignal?.aborted) throw options.abortSignal.reason;
    if (timeout.aborted || isUndiciTimeout(error)) throw new RerankTimeoutError({ timeoutMs: options.timeoutMs, url: options.url, cause: error });
    throw new RerankNetworkError({ url: options.url, cause: error });
  }
}

function isUndiciTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT";
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  return flat;
}
