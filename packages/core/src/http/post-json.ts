import type { IncomingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";
import { type Dispatcher, getGlobalDispatcher } from "undici";
import { RerankNetworkError } from "../errors/rerank-network-error.js";
import { RerankTimeoutError } from "../errors/rerank-timeout-error.js";
import type { JsonChunks } from "./json-chunks.js";

export interface PostJsonOptions {
  url: string;
  /** A frozen object is read for credentials once, however many requests send it. */
  headers: Readonly<Record<string, string>>;
  /** Serialized once per batch by the caller, so retries reuse the same bytes; chunks go out one after another. */
  body: string | Uint8Array | JsonChunks;
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
    const response = await exchange(options, precise);
    // A proxy or a verbose gateway may echo the request's credentials back; errors quote the body and headers.
    const secrets = credentialsIn(options.headers);
    raw = { status: response.status, headers: flattenHeaders(response.headers, secrets), body: redact(response.body, secrets) };
  } catch (error) {
    if (options.abortSignal?.aborted) throw options.abortSignal.reason;
    if (precise?.timedOut || isUndiciTimeout(error)) throw new RerankTimeoutError({ timeoutMs: options.timeoutMs, url: options.url, cause: error });
    throw new RerankNetworkError({ url: options.url, cause: error });
  } finally {
    precise?.dispose();
  }
  return read(raw);
}

/**
 * The POST itself, through `dispatcher.dispatch` rather than undici's `request()`: `request()` parses the URL again
 * on every call and hands the body over as a Node stream (an async resource, stream state, events), which cost about
 * 30 µs a call, a tenth of a whole loopback round trip (see `pnpm bench`). An answer is read whole anyway.
 */
function exchange(options: PostJsonOptions, precise: PreciseTimer | undefined): Promise<Answer> {
  // Only the caller's signal for long timeouts: the attempt's timeout is then undici's own header and body timers,
  // which cost nothing per request, where a signal of our own (a controller, a timer, listeners) cost more than
  // the rest of the call.
  const signal = precise?.signal ?? options.abortSignal;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const { origin, path } = splitURL(options.url);
    const { body } = options;
    const chunked = typeof body === "object" && "chunks" in body;
    const handler = new CollectAnswer(resolve, reject, signal, precise?.stopTimer);
    (options.dispatcher ?? getGlobalDispatcher()).dispatch(
      {
        origin,
        path,
        method: "POST",
        // With the length known, undici sends the chunks as they are, with a Content-Length, not chunked encoding.
        headers: chunked ? { ...options.headers, "content-length": String(body.byteLength) } : options.headers,
        // undici takes any iterable as a body (docs/api/Dispatcher.md, DispatchOptions.body); its types list fewer.
        body: chunked ? (body.chunks as unknown as Readable) : body,
        // undici's defaults are 300 s, far too long for an interactive RAG step. Its wheel may also fire up to ~0.5 s
        // early, so with a native timer running it is only the fallback.
        headersTimeout: precise ? options.timeoutMs + 1_000 : options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      },
      handler,
    );
  });
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Collects one answer; settles once, on its end, on an error, or as soon as `signal` aborts. */
class CollectAnswer implements Dispatcher.DispatchHandler {
  #status = 0;
  #headers: IncomingHttpHeaders = {};
  #chunks: Buffer[] = [];
  #length = 0;
  #controller: Dispatcher.DispatchController | undefined;
  #settled = false;

  constructor(
    private readonly resolve: (answer: Answer) => void,
    private readonly reject: (reason: unknown) => void,
    private readonly signal: AbortSignal | undefined,
    /** Called once the answer starts: from then on undici's body timeout is the attempt's timeout. */
    private readonly onStart: (() => void) | undefined,
  ) {
    signal?.addEventListener("abort", this);
  }

  /** The signal's abort: settles now, even while the request still waits for a connection. */
  handleEvent(): void {
    const reason = this.signal!.reason;
    this.#settle(undefined, reason);
    this.#controller?.abort(reason instanceof Error ? reason : new Error("The request was aborted.", { cause: reason }));
  }

  // undici 7 tells its two handler APIs apart by this method: without it, the on-response hooks are never called.
  onRequestStart(controller: Dispatcher.DispatchController): void {
    // An abort that came before the request reached a socket is applied once it has one.
    if (this.#settled) {
      controller.abort(new Error("The request was aborted."));
      return;
    }
    this.#controller = controller;
    // undici may start a request again on a new socket when the one it was queued on failed before sending it.
    this.#chunks = [];
    this.#length = 0;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    // 1xx informational answers precede the real one.
    if (statusCode < 200) return;
    this.#status = statusCode;
    this.#headers = headers;
    this.onStart?.();
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  onResponseEnd(): void {
    this.#settle({ status: this.#status, headers: this.#headers, body: decodeUtf8(this.#chunks, this.#length) }, undefined);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#settle(undefined, error);
  }

  #settle(response: Answer | undefined, error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#chunks = [];
    this.signal?.removeEventListener("abort", this);
    if (response) this.resolve(response);
    else this.reject(error);
  }
}

/** As undici's `body.text()`: UTF-8, without a byte order mark. */
function decodeUtf8(chunks: readonly Buffer[], length: number): string {
  if (chunks.length === 0) return "";
  const buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
  const start = buffer.length > 2 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  return buffer.toString("utf8", start);
}

const splitURLs = new Map<string, { origin: string; path: string }>();

/** Each model posts to one or a few fixed URLs, so each is parsed once; an invalid one throws a TypeError. */
function splitURL(url: string): { origin: string; path: string } {
  let split = splitURLs.get(url);
  if (split === undefined) {
    const parsed = new URL(url);
    split = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    // A bound for the odd app that builds models from many URLs; the usual handful never reaches it.
    if (splitURLs.size >= 256) splitURLs.clear();
    splitURLs.set(url, split);
  }
  return split;
}

type PreciseTimer = ReturnType<typeof startTimer>;

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
