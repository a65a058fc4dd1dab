import type { Fault, FaultKind } from "./fault.js";
import type { QuotaStats } from "./quota-options.js";
import type { Scorer } from "./scorer.js";

/** Which wire format a route speaks. */
export type RerankDialect = "native" | "compatible" | "vllm" | "cohere";

/** One HTTP request the server received, in arrival order. */
export interface RecordedCall {
  method: string;
  /** The path without the query string. */
  path: string;
  /** Request headers with lower-cased names; repeated headers are joined with ", ". */
  headers: Record<string, string>;
  /** The parsed JSON body, or undefined when the body is not JSON (or was over the largest request limit). */
  body: unknown;
  /** The body as received (empty when it was over the largest request limit, which is not buffered). */
  rawBody: string;
  /** The route's dialect; `"unknown"` for paths the server does not serve (answered with 404). */
  dialect: RerankDialect | "unknown";
  /** The request id the server put in its answer (`request_id`, or the `id` of the other dialects). */
  requestId: string;
  /** 1-based number of this rerank call since start or `reset()`; absent for unknown paths. */
  callNumber?: number;
  /** What was sent. `status` is undefined while pending and when no status line was sent (hang, reset). */
  response: { status: number | undefined; body?: unknown };
  /** The fault applied to this call, if any. */
  fault?: FaultKind;
  /** The instruction the server read from a valid request: vLLM's `instruction`, DashScope's `instruct`. */
  instruction?: string;
  /** Top-level fields of a valid vLLM request that vLLM would accept and ignore (it logs them). */
  ignoredFields?: string[];
  /** What the server truncated in a valid request: document indexes, and `"query"`. */
  truncated?: Array<number | "query">;
}

/**
 * Decides a fault for a call from what it carried and its number,
 * e.g. `(call, n) => (n % 20 === 0 ? faults.serverError() : undefined)`.
 */
export type FaultRule = (call: RecordedCall, callNumber: number) => Fault | undefined;

/** A running server; see `startRerankServer`. */
export interface RerankServer {
  /** `http://host:port`, no trailing slash. DashScope clients use `url + "/api/v1"` as their base URL. */
  readonly url: string;
  readonly port: number;
  /** Every request received since start or `reset()`. The same array throughout, so a held reference stays live. */
  readonly calls: readonly RecordedCall[];
  /** Queues faults; each rerank call (any route) takes the next one, first in first out. */
  enqueue(...faults: Fault[]): void;
  /** Adds a rule consulted when the queue is empty; the first rule returning a fault wins. Returns a remover. */
  onCall(rule: FaultRule): () => void;
  /** Replaces the scorer; `undefined` restores the lexical scorer. `reset()` leaves it alone. */
  setScorer(scorer: Scorer | undefined): void;
  /** Counts of the `quota` option since start or `reset()`: calls admitted and refused. */
  quotaStats(): QuotaStats;
  /** Clears recorded calls, queued faults, rules and the quota's windows and counts; restarts numbering at 1. */
  reset(): void;
  /** Drops every open connection (hanging ones included) and stops listening. Safe to call twice. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
