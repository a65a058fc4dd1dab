import { asRecord } from "../provider-kit/as-record.js";
import type { AnswerReader } from "../provider-kit/read-answer.js";
import type { RerankModelUsage } from "../spec/rerank-model.js";
import {
  dashscopeErrorHint,
  hasDashScopeResults,
  isRetryableDashScopeError,
  readDashScopeError,
} from "./dashscope-error.js";
import { dashscopeCompatibleResponseSchema, dashscopeRerankResponseSchema } from "./dashscope-rerank-api.js";

export const nativeReader: AnswerReader<typeof dashscopeRerankResponseSchema._output> = {
  label: "DashScope",
  schema: dashscopeRerankResponseSchema,
  read: (body) => ({
    results: body.output.results,
    usage: nativeUsage(body.usage),
    requestId: body.request_id ?? undefined,
  }),
  readError: readDashScopeError,
  hasResults: hasDashScopeResults,
  isRetryable: isRetryableDashScopeError,
  hint: dashscopeErrorHint,
};

/**
 * qwen3-vl-rerank reports `image_tokens` and `input_tokens` (text only) beside `total_tokens`; qwen3.7-text-rerank
 * `prompt_tokens`; older answers `input_tokens` alone (docs/dashscope-api.md §3.1, §10.4). The total is the sum of
 * the parts when the answer leaves it out.
 */
function nativeUsage(usage: typeof dashscopeRerankResponseSchema._output.usage): RerankModelUsage {
  const imageTokens = usage?.image_tokens ?? undefined;
  const textTokens = imageTokens === undefined ? undefined : (usage?.input_tokens ?? usage?.prompt_tokens ?? undefined);
  const parts = imageTokens === undefined || textTokens === undefined ? undefined : imageTokens + textTokens;
  const totalTokens = usage?.total_tokens ?? parts ?? usage?.input_tokens ?? usage?.prompt_tokens ?? undefined;
  return {
    totalTokens,
    ...(imageTokens === undefined ? {} : { imageTokens }),
    ...(textTokens === undefined ? {} : { textTokens }),
  };
}

export const compatibleReader: AnswerReader<typeof dashscopeCompatibleResponseSchema._output> = {
  label: "DashScope",
  schema: dashscopeCompatibleResponseSchema,
  read: (body) => ({
    results: body.results,
    usage: { totalTokens: body.usage?.total_tokens ?? undefined },
    requestId: body.id ?? asRecord(body)?.request_id?.toString(),
  }),
  readError: readDashScopeError,
  hasResults: hasDashScopeResults,
  isRetryable: isRetryableDashScopeError,
  hint: dashscopeErrorHint,
};
