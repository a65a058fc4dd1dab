/**
 * A misbehaviour the server plays instead of (or on top of) its normal answer to one rerank call.
 * Queue them with `server.enqueue()` or return them from an `server.onCall()` rule.
 *
 * Bodies given as a string are sent verbatim (e.g. `'{"relevance_score": NaN}'`); anything else is sent as JSON.
 */
export type Fault =
  /**
   * Answer with this status. Without `body`, the dialect's error body with `code` and `message`, or by default a
   * code and message fitting the status.
   */
  | {
      type: "status";
      status: number;
      body?: unknown;
      headers?: Record<string, string>;
      code?: string;
      message?: string;
    }
  // docs/dashscope-api.md §4.1 [T]
  /** HTTP 200 whose body is an error (`{request_id, code, message}` on the native route). */
  | { type: "error-in-200"; code?: string; message?: string }
  /** Wait `ms` milliseconds, then answer normally. */
  | { type: "latency"; ms: number }
  /** Never answer; the socket stays open until the client gives up or the server closes. */
  | { type: "hang" }
  /** Reset the TCP connection (RST) after reading the request, before any response byte. */
  | { type: "reset" }
  /** Send the normal status and headers with the full Content-Length, then half the body, then drop the socket. */
  | { type: "truncated" }
  /** HTTP 200, `application/json`, and a body that is not valid JSON (the normal body cut in half). */
  | { type: "invalid-json" }
  /** A proxy's HTML error page (`text/html`), like a gateway in front of the API. */
  | { type: "html"; status?: number }
  /** Any canned answer: out-of-range or duplicate indexes, NaN scores, too few results... */
  | { type: "response"; body: unknown; status?: number; headers?: Record<string, string> }
  /** Build the normal answer, then send what `fn` returns instead (same status). */
  | { type: "mutate"; fn: (body: unknown) => unknown };

/** The `type` tag of a {@link Fault}; recorded on each call that had one. */
export type FaultKind = Fault["type"];
