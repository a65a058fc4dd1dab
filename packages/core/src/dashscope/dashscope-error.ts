import { asRecord } from "../provider-kit/as-record.js";
import type { ErrorFields } from "../provider-kit/read-answer.js";
import { dashscopeErrorSchema } from "./dashscope-rerank-api.js";

/** Reads DashScope's native and compatible error bodies (docs/dashscope-api.md §4.1, §10.5). */
export function readDashScopeError(body: unknown): ErrorFields {
  const parsed = dashscopeErrorSchema.safeParse(body);
  if (!parsed.success) return { code: undefined, message: undefined, requestId: undefined };
  const { code, message, msg, request_id, error } = parsed.data;
  return {
    code: code ?? error?.code ?? error?.type ?? undefined,
    message: message ?? msg ?? error?.message ?? undefined,
    requestId: request_id ?? undefined,
  };
}

// Throttling and internal errors that arrive inside HTTP 200 (§4.1) deserve a retry just like their HTTP twins.
const transientCode = /^(Throttling|InternalError|ServiceUnavailable|RequestTimeOut)/i;

/** DashScope's retry rule: error bodies in a 2xx by their code; anything else by its HTTP status. */
export function isRetryableDashScopeError(status: number, apiCode: string | undefined): boolean | undefined {
  if (status >= 200 && status <= 299) return apiCode !== undefined && transientCode.test(apiCode);
  return undefined;
}

/** Whether a 2xx body is an answer (native: `output`; compatible: `results`) rather than an error body. */
export const hasDashScopeResults = (body: unknown): boolean => {
  const json = asRecord(body);
  return json !== undefined && ("output" in json || "results" in json);
};
