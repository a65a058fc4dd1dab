import type { IncomingHttpHeaders } from "node:http";
import type { Dispatcher } from "undici";

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The attempt's own timer fired: nothing arrived for `timeoutMs`. */
export class AttemptTimedOut extends Error {
  override readonly name = "AttemptTimedOut";
}

/**
 * Collects one answer through undici's dispatch API. It settles once: on the answer's end, on an error, as soon as
 * `signal` aborts (even while the request still waits for a socket), or when nothing arrives for `timeoutMs`, which
 * restarts whenever the answer starts or a chunk of it arrives.
 */
export class CollectAnswer implements Dispatcher.DispatchHandler {
  #status = 0;
  #headers: IncomingHttpHeaders = {};
  #chunks: Buffer[] = [];
  #length = 0;
  #controller: Dispatcher.DispatchController | undefined;
  #settled = false;
  readonly #timer: NodeJS.Timeout;
  readonly #signal: AbortSignal | undefined;
  readonly #resolve: (answer: Answer) => void;
  readonly #reject: (reason: unknown) => void;

  constructor(options: {
    resolve: (answer: Answer) => void;
    reject: (reason: unknown) => void;
    signal: AbortSignal | undefined;
    timeoutMs: number;
  }) {
    this.#resolve = options.resolve;
    this.#reject = options.reject;
    this.#signal = options.signal;
    this.#timer = setTimeout(
      () => this.#fail(new AttemptTimedOut(`no answer for ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    this.#signal?.addEventListener("abort", this);
  }

  /** The signal's abort, delivered here because the handler itself is the listener. */
  handleEvent(): void {
    const reason: unknown = this.#signal!.reason;
    this.#fail(reason instanceof Error ? reason : new Error("The request was aborted.", { cause: reason }), reason);
  }

  // undici 7 tells its two handler APIs apart by this method: without it, the on-response hooks are never called.
  onRequestStart(controller: Dispatcher.DispatchController): void {
    // An abort or timeout that came before the request reached a socket is applied once it has one.
    if (this.#settled) {
      controller.abort(new Error("The request was aborted."));
      return;
    }
    this.#controller = controller;
    // undici may start a request again on a new socket when the one it was queued on failed before sending it.
    this.#chunks = [];
    this.#length = 0;
  }

  onResponseStart(_controller: unknown, statusCode: number, headers: IncomingHttpHeaders): void {
    this.#timer.refresh();
    // 1xx informational answers precede the real one.
    if (statusCode < 200) return;
    this.#status = statusCode;
    this.#headers = headers;
  }

  onResponseData(_controller: unknown, chunk: Buffer): void {
    this.#timer.refresh();
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  onResponseEnd(): void {
    if (this.#settle()) this.#resolve({ status: this.#status, headers: this.#headers, body: this.#text() });
  }

  onResponseError(_controller: unknown, error: Error): void {
    if (this.#settle()) this.#reject(error);
  }

  /** Stops the exchange: `error` goes to undici, `reason` (default: the same) to the caller. */
  #fail(error: Error, reason: unknown = error): void {
    if (!this.#settle()) return;
    this.#controller?.abort(error);
    this.#reject(reason);
  }

  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#signal?.removeEventListener("abort", this);
    return true;
  }

  /** As undici's `body.text()`: UTF-8, without a byte order mark. */
  #text(): string {
    const chunks = this.#chunks;
    this.#chunks = [];
    if (chunks.length === 0) return "";
    const buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.#length);
    const start = buffer.length > 2 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
    return buffer.toString("utf8", start);
  }
}
