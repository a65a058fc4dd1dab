import type { Readable } from "node:stream";
import type { Dispatcher } from "undici";
import { RerankNetworkError } from "../spec/errors/rerank-network-error.js";
import { RerankTimeoutError } from "../spec/errors/rerank-timeout-error.js";
import { type Answer, AttemptTimedOut, CollectAnswer } from "./collect-answer.js";
import type { JsonBody } from "./json-body.js";

/** Where one model posts: a URL parsed once, when the model is created. */
export interface Endpoint {
  url: string;
  origin: string;
  path: string;
}

export const toEndpoint = (url: string): Endpoint => {
  const parsed = new URL(url);
  return { url, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
};

export interface PostJsonOptions {
  endpoint: Endpoint;
  headers: Readonly<Record<string, string>>;
  body: JsonBody;
  dispatcher: Dispatcher;
  abortSignal: AbortSignal | undefined;
  timeoutMs: number;
}

/** An HTTP answer of any status, its headers as single strings. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One POST through undici's `dispatch`, read whole. Rejects with the caller's own abort reason, a
 * `RerankTimeoutError` (retryable) or a `RerankNetworkError`; any HTTP status resolves.
 */
export async function postJson(options: PostJsonOptions): Promise<RawResponse> {
  try {
    const answer = await dispatch(options);
    return { status: answer.status, headers: flattenHeaders(answer.headers), body: answer.body };
  } catch (error) {
    if (options.abortSignal?.aborted) throw options.abortSignal.reason;
    const { url } = options.endpoint;
    if (error instanceof AttemptTimedOut)
      throw new RerankTimeoutError({ timeoutMs: options.timeoutMs, url, cause: error });
    throw new RerankNetworkError({ url, cause: error });
  }
}

/**
 * Below undici's `request()`, which parses the URL again on every call and hands the answer over as a Node stream
 * that is read back whole anyway. Any `Dispatcher` works: an `Agent`, a pool, one composed with interceptors.
 */
function dispatch({ endpoint, headers, body, dispatcher, abortSignal, timeoutMs }: PostJsonOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    if (abortSignal?.aborted) return reject(abortSignal.reason);
    const handler = new CollectAnswer({ resolve, reject, signal: abortSignal, timeoutMs });
    const chunked = !(body instanceof Uint8Array);
    dispatcher.dispatch(
      {
        origin: endpoint.origin,
        path: endpoint.path,
        method: "POST",
        // With the length known, undici sends the chunks as they are, with a Content-Length, not chunked encoding.
        headers: chunked ? { ...headers, "content-length": String(body.byteLength) } : headers,
        // undici takes any iterable as a body (https://undici.nodejs.org/#/docs/api/Dispatcher, DispatchOptions.body); its types list fewer.
        body: chunked ? (body.chunks as unknown as Readable) : body,
        // The handler's own timer is the attempt's timeout; undici's 300 s defaults would only fire later.
        headersTimeout: 0,
        bodyTimeout: 0,
      },
      handler,
    );
  });
}

function flattenHeaders(headers: Answer["headers"]): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}
