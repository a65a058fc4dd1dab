// The fault matrix shared by fault-matrix.test.ts, properties.test.ts and load-run.ts. Plain data: no vitest here,
// so the load run (a child process under tsx) can import it too.
import type { RerankErrorCode } from "../../packages/core/src/index.js";
import type { Fault } from "../../packages/testing/src/index.js";

/** Which wire format the client speaks; decides how a few faults surface. */
export type Dialect = "dashscope" | "vllm";

export interface MatrixFault {
  /** Short, stable name used in test titles and figures. */
  name: string;
  /** A fresh fault each time (an HTTP-date Retry-After must be computed at use). */
  make: () => Fault;
  /** Error code of one attempt that met this fault. */
  error: (dialect: Dialect) => RerankErrorCode;
  /** Whether the core retries it; a fault that is not retried fails the call at once. */
  retryable: (dialect: Dialect) => boolean;
  /** Needs a short `timeoutMs` to surface (a hang). */
  slow?: boolean;
}

type Result = { index: number; relevance_score?: unknown; [field: string]: unknown };

/** Rewrites the results of a normal answer in any dialect (`output.results` or top-level `results`). */
export function mutateResults(change: (results: Result[]) => unknown[]): Fault {
  return {
    type: "mutate",
    fn: (body) => {
      const record = body as { output?: { results?: Result[] }; results?: Result[] };
      const holder = Array.isArray(record.output?.results)
        ? record.output
        : Array.isArray(record.results)
          ? record
          : undefined;
      if (holder?.results) holder.results = change(holder.results) as Result[];
      return body;
    },
  };
}

/** A well-formed ranking for `count` documents: what the server would send for a batch of another size. */
const rankingFor = (count: number): Result[] =>
  Array.from({ length: count }, (_, index) => ({ index, relevance_score: 1 - index / (count + 1) }));

const api = (): RerankErrorCode => "RERANK_ERR_API";
const invalid = (): RerankErrorCode => "RERANK_ERR_RESPONSE_VALIDATION";
const always = () => true;

/**
 * Every fault of the matrix. DashScope may put an error body inside HTTP 200 (docs/dashscope-api.md §4.1); vLLM
 * never does, so there the same body is simply not a ranking (a validation error, retried).
 */
export const matrixFaults: readonly MatrixFault[] = [
  {
    name: "429 Retry-After seconds",
    make: () => ({ type: "status", status: 429, headers: { "retry-after": "3" } }),
    error: api,
    retryable: always,
  },
  {
    name: "429 Retry-After HTTP date",
    make: () => ({
      type: "status",
      status: 429,
      headers: { "retry-after": new Date(Date.now() + 5_000).toUTCString() },
    }),
    error: api,
    retryable: always,
  },
  { name: "500", make: () => ({ type: "status", status: 500 }), error: api, retryable: always },
  { name: "502", make: () => ({ type: "status", status: 502 }), error: api, retryable: always },
  { name: "503", make: () => ({ type: "status", status: 503 }), error: api, retryable: always },
  { name: "504", make: () => ({ type: "status", status: 504 }), error: api, retryable: always },
  { name: "connection reset", make: () => ({ type: "reset" }), error: () => "RERANK_ERR_NETWORK", retryable: always },
  {
    name: "hang past timeout",
    make: () => ({ type: "hang" }),
    error: () => "RERANK_ERR_TIMEOUT",
    retryable: always,
    slow: true,
  },
  { name: "truncated body", make: () => ({ type: "truncated" }), error: () => "RERANK_ERR_NETWORK", retryable: always },
  { name: "invalid JSON", make: () => ({ type: "invalid-json" }), error: invalid, retryable: always },
  { name: "HTML error page 502", make: () => ({ type: "html", status: 502 }), error: api, retryable: always },
  { name: "HTML page with 200", make: () => ({ type: "html", status: 200 }), error: invalid, retryable: always },
  {
    name: "error body in 200 (Throttling)",
    make: () => ({ type: "error-in-200", code: "Throttling.RateQuota", message: "Requests rate limit exceeded" }),
    error: (dialect) => (dialect === "dashscope" ? "RERANK_ERR_API" : "RERANK_ERR_RESPONSE_VALIDATION"),
    retryable: always,
  },
  {
    name: "error body in 200 (InvalidParameter)",
    make: () => ({ type: "error-in-200", code: "InvalidParameter", message: "bad input" }),
    error: (dialect) => (dialect === "dashscope" ? "RERANK_ERR_API" : "RERANK_ERR_RESPONSE_VALIDATION"),
    retryable: (dialect) => dialect === "vllm",
  },
  {
    name: "out-of-range index",
    // Past any batch (a text model takes 500 documents at most): with top_n, `results.length` may still be in range.
    make: () =>
      mutateResults((results) =>
        results.map((result, position) => (position === 0 ? { ...result, index: 100_000 } : result)),
      ),
    error: invalid,
    retryable: always,
  },
  {
    name: "duplicate index",
    make: () =>
      mutateResults((results) =>
        results.length === 1 ? [results[0], results[0]] : [results[0], ...results.slice(0, -1)],
      ),
    error: invalid,
    retryable: always,
  },
  {
    name: "NaN score",
    // JSON has no NaN; a sloppy server prints it anyway. The body is sent verbatim.
    make: () => ({
      type: "mutate",
      fn: (body) => JSON.stringify(body).replace(/"relevance_score":[-0-9.eE+]+/, '"relevance_score":NaN'),
    }),
    error: invalid,
    retryable: always,
  },
  {
    name: "null score",
    make: () =>
      mutateResults((results) =>
        results.map((result, position) => (position === 0 ? { ...result, relevance_score: null } : result)),
      ),
    error: invalid,
    retryable: always,
  },
  {
    name: "missing score",
    make: () =>
      mutateResults((results) =>
        results.map((result, position) => {
          if (position > 0) return result;
          const { relevance_score: _, ...rest } = result;
          return rest;
        }),
      ),
    error: invalid,
    retryable: always,
  },
  {
    name: "fewer results than asked",
    make: () => mutateResults((results) => results.slice(1)),
    error: invalid,
    retryable: always,
  },
  {
    name: "response for a larger batch",
    make: () => mutateResults((results) => rankingFor(results.length + 2)),
    error: invalid,
    retryable: always,
  },
  {
    name: "response for a smaller batch",
    make: () => mutateResults((results) => rankingFor(Math.max(0, results.length - 1))),
    error: invalid,
    retryable: always,
  },
];

/** The faults a call recovers from in any dialect: what the load run and the properties draw from. */
export const recoverableFaults: readonly MatrixFault[] = matrixFaults.filter(
  (fault) => fault.retryable("dashscope") && fault.retryable("vllm"),
);

/** A small, seedable PRNG (mulberry32), so a failing load run can be replayed with `--seed`. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over strings: the deterministic scores every reliability server hands out. */
export function hashScore(seed: number, ...parts: ReadonlyArray<string | undefined>): number {
  let hash = (2166136261 ^ seed) >>> 0;
  for (const part of parts) {
    const text = part ?? "";
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
    hash = Math.imul(hash ^ 0xff, 16777619) >>> 0;
  }
  return (hash % 10_007) / 10_007;
}
