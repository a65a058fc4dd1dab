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
  /**
   * A spent token-plan quota, which does not heal for hours: 429 `Throttling.AllocationQuota` "Your token-plan
   * quota has been exhausted." with no `Retry-After`, in the dialect's error shape (native:
   * `{request_id, code, message}`). Seen in production, not documented.
   */
  quotaExhausted: (): Fault => ({
    type: "status",
    status: 429,
    code: "Throttling.AllocationQuota",
    message: "Your token-plan quota has been exhausted.",
  }),
  /**
   * A transient overload: 429 `{"error":{"code":"Throttling.ResourceExhausted","message":"… [Too many
   * requests.]"}}`, whatever the route, with no `Retry-After`. Seen in production; the start of the message is a
   * stand-in for the part the record leaves out.
   */
  resourceExhausted: (): Fault => ({
    type: "response",
    status: 429,
    body: {
      error: {
        code: "Throttling.ResourceExhausted",
        message: "Resource exhausted, please try again later. [Too many requests.]",
      },
    },
  }),
  /**
   * An error whose `code` is a number, as vLLM-style proxies send
   * (https://github.com/gpustack/gpustack/issues/2408): `{"object":"error","message","type":"BadRequestError",
   * "param":null,"code":400}` with the status as both HTTP status and `code`.
   * @default message "The model does not support Rerank (Score) API", status 400
   */
  numericCodeError: (message = "The model does not support Rerank (Score) API", status = 400): Fault => ({
    type: "response",
    status,
    body: {
      object: "error",
      message,
      type: status >= 500 ? "InternalServerError" : "BadRequestError",
      param: null,
      code: status,
    },
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
