import { errorFields } from "../provider-kit/error-fields.js";
import type { ErrorFields } from "../provider-kit/read-answer.js";
import { vllmErrorSchema } from "./vllm-rerank-api.js";

/** Reads vLLM's error bodies and those of the proxies in front of it (docs/dashscope-api.md §10.5, §10.6). */
export function readVLLMError(body: unknown): ErrorFields {
  const parsed = vllmErrorSchema.safeParse(body);
  return parsed.success ? errorFields(parsed.data) : { code: undefined, message: undefined, requestId: undefined };
}

/**
 * vLLM answers its errors with an error status, so any 2xx body is read as an answer: one without results is then
 * a malformed answer (a proxy's hiccup, retried), not an error the API chose to send.
 */
export const hasVLLMResults = (_body: unknown): boolean => true;
