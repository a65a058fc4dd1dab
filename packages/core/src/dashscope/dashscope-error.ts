import { asRecord } from "../provider-kit/as-record.js";
import { errorFields } from "../provider-kit/error-fields.js";
import type { ErrorFields } from "../provider-kit/read-answer.js";
import { dashscopeErrorSchema } from "./dashscope-rerank-api.js";

/** Reads DashScope's native and compatible error bodies (docs/dashscope-api.md §4.1, §10.5). */
export function readDashScopeError(body: unknown): ErrorFields {
  const parsed = dashscopeErrorSchema.safeParse(body);
  if (!parsed.success) return { code: undefined, message: undefined, requestId: undefined };
  return errorFields(parsed.data);
}

// Throttling and internal errors that arrive inside HTTP 200 (§4.1) deserve a retry just like their HTTP twins.
const transientCode = /^(Throttling|InternalError|ServiceUnavailable|RequestTimeOut)/i;
// §10.3: "quota has been exhausted" is a spent token plan, stuck for hours; "allocated quota exceeded" is TPM throttling.
const spentQuota = /quota has been exhausted|quota.*exhausted/i;

/**
 * DashScope's retry rule. A spent quota (`Throttling.AllocationQuota` saying the quota is exhausted) is final whatever
 * the status; error bodies in a 2xx go by their code; anything else by its HTTP status.
 */
export function isRetryableDashScopeError(
  status: number,
  apiCode: string | undefined,
  message?: string,
): boolean | undefined {
  if (isSpentQuota(apiCode, message)) return false;
  if (status >= 200 && status <= 299) return apiCode !== undefined && transientCode.test(apiCode);
  return undefined;
}

/** A spent quota says so: retrying only wastes calls while every other call of the account fails the same way. */
export const dashscopeErrorHint = (_status: number, apiCode: string | undefined, message: string | undefined) =>
  isSpentQuota(apiCode, message)
    ? "the account's quota is spent, not briefly exceeded; calls fail until it is topped up or renewed, so this is not retried"
    : undefined;

export const isSpentQuota = (apiCode: string | undefined, message: string | undefined): boolean =>
  (apiCode === "Throttling.AllocationQuota" || apiCode === "insufficient_quota") &&
  message !== undefined &&
  spentQuota.test(message);

/** Whether a 2xx body is an answer (native: `output`; compatible: `results`) rather than an error body. */
export const hasDashScopeResults = (body: unknown): boolean => {
  const json = asRecord(body);
  return json !== undefined && ("output" in json || "results" in json);
};
