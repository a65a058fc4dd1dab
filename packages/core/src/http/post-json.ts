import { type Dispatcher, request } from "undici";
import { RerankNetworkError } from "../errors/rerank-network-error.js";
import { RerankTimeoutError } from "../errors/rerank-timeout-error.js";

export interface PostJsonOptions {
  url: string;
  /** A frozen object is read for credentials once, however many requests send it. */
  headers: Readonly<Record<string, string>>;
  /** Serialized once per batch by the caller, so retries reuse the same bytes. */
  body: string | Uint8Array;
  dispatcher: Dispatcher | undefined;
  abortSignal: AbortSignal | undefined;
  timeoutMs: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

// undici's header and body timers run on a coarse wheel (undici lib/util/timers.js, ~1 s resolution): free per
// request, but alone they fire up to a second late and never before ~1 s, so `timeoutMs: 300` waited 1 s. Timeouts
// below this bound, the interactive ones, also get a native timer until the response starts; the 30 s default keeps
// the free path, where a second is noise.
const preciseTimeoutBelowMs = 10_000;

/**
 * One POST through undici, then `read` of any HTTP answer it got (status checks belong to `read`). Rejects with a
 * timeout, a network error, the caller's own abort reason, or what `read` throws. `read` runs here rather than
 * after an `await postJson()` in the caller: that saves every request an async hop (see `pnpm bench`).
 */
export async function postJson<T>(options: PostJsonOptions, read: (response: RawResponse) => T): Promise<T> {
  let raw: RawResponse;
  const precise = options.timeoutMs < preciseTimeoutBelowMs ? startTimer(options.timeoutMs, options.abortSignal) : undefined;
  try {
    const response = await request(options.url, {
      method: "POST",
      headers: options.headers,
      body: options.body,
      // Only the caller's signal for long timeouts: the attempt's timeout is undici's own header and body timers,
      // which cost nothing per request, where a signal of our own (a controller, a timer, listeners) cost more than
      // the rest of the call.
      signal: precise?.signal ?? options.abortSignal,
      dispatcher: options.dispatcher,
      // undici's defaults are 300 s, far too long for an interactive RAG step. Its wheel may also fire up to ~0.5 s
      // early, so with a native timer running it is only the fallback.
      headersTimeout: precise ? options.timeoutMs + 1_000 : options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    precise?.stopTimer();
    const body = await response.body.text();
    // A proxy or a verbose gateway may echo the request's credentials back; errors quote the body and headers.
    const secrets = credentialsIn(options.headers);
    raw = { status: response.statusCode, headers: flattenHeaders(response.headers, secrets), body: redact(body, secrets) };
  } catch (error) {
    if (options.abortSignal?.aborted) throw options.abortSignal.reason;
    if (precise?.timedOut || isUndiciTimeout(error)) throw new RerankTimeoutError({ timeoutMs: options.timeoutMs, url: options.url, cause: error });
    throw new RerankNetworkError({ url: options.url, cause: error });
  } finally {
    precise?.dispose();
  }
  return read(raw);
}

/** A native timer that aborts the attempt, forwarding the caller's own abort too. */
function startTimer(timeoutMs: number, caller: AbortSignal | undefined) {
  const controller = new AbortController();
  const onAbort = () => controller.abort(caller?.reason);
  if (caller?.aborted) onAbort();
  else caller?.addEventListener("abort", onAbort, { once: true });
  const state = {
    signal: controller.signal,
    timedOut: false,
    stopTimer: () => clearTimeout(timer),
    dispose: () => {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onAbort);
    },
  };
  const timer = setTimeout(() => {
    state.timedOut = true;
    controller.abort(new DOMException(`The operation timed out after ${timeoutMs} ms.`, "TimeoutError"));
  }, timeoutMs);
  return state;
}

function isUndiciTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT";
}

const credentialHeader = /authorization|api-?key|token/i;
const authScheme = /^\s*(?:bearer|basic|token)\s+/i;

/** Response headers as single strings, with any credential of the request redacted. */
function flattenHeaders(headers: Record<string, string | string[] | undefined>, secrets: readonly string[]): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) flat[name] = redact(Array.isArray(value) ? value.join(", ") : value, secrets);
  }
  return flat;
}

const credentialsOfFrozen = new WeakMap<object, readonly string[]>();

/** The credential values of a request: a whole `Authorization` (or API-key) header value and its token alone. */
function credentialsIn(headers: Readonly<Record<string, string>>): readonly string[] {
  if (!Object.isFrozen(headers)) return findCredentials(headers);
  let secrets = credentialsOfFrozen.get(headers);
  if (secrets === undefined) {
    secrets = findCredentials(headers);
    credentialsOfFrozen.set(headers, secrets);
  }
  return secrets;
}

function findCredentials(headers: Readonly<Record<string, string>>): string[] {
  const secrets: string[] = [];
  for (const name in headers) {
    if (!credentialHeader.test(name)) continue;
    const value = headers[name]!.trim();
    const token = value.replace(authScheme, "").trim();
    // Short values would match ordinary text; real keys are long.
    if (value.length >= 8 && !secrets.includes(value)) secrets.push(value);
    if (token.length >= 8 && !secrets.includes(token)) secrets.push(token);
  }
  // Longest first, so that a whole `Bearer <key>` is replaced before the key inside it.
  return secrets.length > 1 ? secrets.sort((a, b) => b.length - a.length) : secrets;
}

function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (result.includes(secret)) result = result.split(secret).join("[REDACTED]");
  return result;
}
