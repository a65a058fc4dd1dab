// Wire shapes of https://www.alibabacloud.com/help/en/model-studio/text-rerank-api, as read in
// docs/dashscope-api.md §2–§4. Response schemas are minimal: only what the client reads.
import { z } from "zod";

// Each result is checked by the provider kit's readRanking, in the same pass that reads it.
const results = z.custom<unknown[]>((value) => Array.isArray(value), "must be an array");

/** Native response (§3.1). `usage` may say `total_tokens` or `input_tokens` (§3.1, the Python SDK's test). */
export const dashscopeRerankResponseSchema = z.object({
  output: z.object({ results }),
  // qwen3-vl-rerank reports image_tokens and input_tokens (text only) beside the total; qwen3.7-text-rerank reports
  // prompt_tokens; the Python SDK's test has input_tokens alone (§3.1, §10.4).
  usage: z
    .object({
      total_tokens: z.number().nullish(),
      input_tokens: z.number().nullish(),
      image_tokens: z.number().nullish(),
      prompt_tokens: z.number().nullish(),
    })
    .nullish(),
  request_id: z.string().nullish(),
});

/** Compatible-endpoint response: no `output` wrapper, and the request id is `id` (§3.2). */
export const dashscopeCompatibleResponseSchema = z.object({
  results,
  usage: z.object({ total_tokens: z.number().nullish() }).nullish(),
  id: z.string().nullish(),
});

/**
 * Error body `{request_id, code, message}`; the Python SDK also reads `msg` (§4.1). The compatible endpoint answers
 * OpenAI-style `{error: {message, code, type}}` (§10.5).
 */
const code = z.union([z.string(), z.number()]).nullish();

// A proxy in front of the API may answer with a numeric `code` or a bare string `error` (§10.5).
export const dashscopeErrorSchema = z.object({
  code,
  message: z.string().nullish(),
  msg: z.string().nullish(),
  type: z.string().nullish(),
  request_id: z.string().nullish(),
  error: z.union([z.string(), z.object({ message: z.string().nullish(), code, type: z.string().nullish() })]).nullish(),
});

export type DashScopeDocument = string | { text?: string; image?: string; video?: string };

export interface DashScopeParameters {
  return_documents?: boolean;
  top_n?: number;
  instruct?: string;
  fps?: number;
}

/** The native body nests input and parameters (§2.1). */
export interface DashScopeRerankRequest {
  model: string;
  input: { query: string | { image: string }; documents: DashScopeDocument[] };
  parameters?: DashScopeParameters;
}

/** The compatible body is flat, Cohere-like (§1.2). */
export interface DashScopeCompatibleRequest extends DashScopeParameters {
  model: string;
  query: string;
  documents: string[];
}
