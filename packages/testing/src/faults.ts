import type { Fault } from "./fault.js";

/** A result as every dialect spells it; extra fields (e.g. `document`) ride along. */
export interface WireResult {
  index: number;
  relevance_score: number;
  [field: string]: unknown;
}

function resultsHolder(body: unknown): { results: WireResult[] } | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as { output?: { results?: unknown }; results?: unknown };
  if (Array.isArray(record.output?.results)) return record.output as { results: WireResult[] };
  if (Array.isArray(record.results)) return record as { results: WireResult[] };
  return undefined;
}

/** Shorthands for common {@link Fault}s. */
export const faults = {
  /** Any status with the dialect's default error body (or yours). */
  status: (status: number, body?: unknown, headers?: Record<string, string>): Fault => ({
    type: "status",
    status,
    ...(body === undefined ? {} : { body }),
    ...(headers === undefined ? {} : { headers }),
  }),
  /**
   * 429 `Throttling.RateQuota` (https://help.aliyun.com/zh/model-studio/error-code), with `Retry-After` in
   * seconds for a number or as an HTTP-date for a Date; without an argument, no Retry-After header.
   */
  rateLimited: (retryAfter?: number | Date): Fault => ({
    type: "status",
    status: 429,
    ...(retryAfter === undefined
      ? {}
      : { headers: { "retry-after": typeof retryAfter === "number" ? String(retryAfter) : retryAfter.toUTCString() } }),
  }),
  /** A 5xx with DashScope's `InternalError` (or the status's own code). @default status 500 */
  serverError: (status = 500): Fault => ({ type: "status", status }),
  /** 401 `InvalidApiKey`, whatever key was sent. */
  unauthorized: (): Fault => ({ type: "status", status: 401 }),
  errorIn200: (code?: string, message?: string): Fault => ({
    type: "error-in-200",
    ...(code === undefined ? {} : { code }),
    ...(message === undefined ? {} : { message }),
  }),
  latency: (ms: number): Fault => ({ type: "latency", ms }),
  hang: (): Fault => ({ type: "hang" }),
  reset: (): Fault => ({ type: "reset" }),
  truncated: (): Fault => ({ type: "truncated" }),
  invalidJson: (): Fault => ({ type: "invalid-json" }),
  /** @default status 502 */
  html: (status = 502): Fault => ({ type: "html", status }),
  response: (body: unknown, status = 200, headers?: Record<string, string>): Fault => ({
    type: "response",
    body,
    status,
    ...(headers === undefined ? {} : { headers }),
  }),
  mutate: (fn: (body: unknown) => unknown): Fault => ({ type: "mutate", fn }),
  /**
   * Rewrites the results array of a successful answer in any dialect (`output.results` or `results`),
   * e.g. `faults.mutateResults((results) => results.slice(1))` to drop the best one.
   */
  mutateResults: (fn: (results: WireResult[]) => unknown[]): Fault => ({
    type: "mutate",
    fn: (body) => {
      const holder = resultsHolder(body);
      if (holder !== undefined) holder.results = fn(holder.results) as WireResult[];
      return body;
    },
  }),
} as const;
