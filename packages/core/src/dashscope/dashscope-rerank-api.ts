// https://www.alibabacloud.com/help/en/model-studio/text-rerank-api — wire shapes per dashscope-api.md §2–§4.
import { z } from "zod";

/** Native response (dashscope-api.md §3.1). `usage` may say `total_tokens` or `input_tokens` (§3.1, Python SDK test). */
export const dashscopeRerankResponseSchema = z.object({
  output: z.object({
    results: z.array(
      z.object({
        index: z.number().int(),
        relevance_score: z.number().finite(),
        document: z.unknown().optional(),
      }),
    ),
  }),
  usage: z.object({ total_tokens: z.number().nullish(), input_tokens: z.number().nullish() }).passthrough().nullish(),
  request_id: z.string().nullish(),
});

/** Compatible-endpoint response: no `output` wrapper (dashscope-api.md §3.2). */
export const dashscopeCompatibleResponseSchema = z.object({
  results: z.array(
    z.object({
      index: z.number().int(),
      relevance_score: z.number().finite(),
      document: z.unknown().optional(),
    }),
  ),
  usage: z.object({ total_tokens: z.number().nullish() }).passthrough().nullish(),
  id: z.string().nullish(),
});

/**
 * Error body `{request_id, code, message}`; the Python SDK also reads `msg` (dashscope-api.md §4.1). The
 * compatible endpoint's error shape is not documented, so an OpenAI-style `{error: {message, code, type}}` is read too.
 */
export const dashscopeErrorSchema = z.object({
  code: z.string().nullish(),
  message: z.string().nullish(),
  msg: z.string().nullish(),
  request_id: z.string().nullish(),
  error: z.object({ message: z.string().nullish(), code: z.string().nullish(), type: z.string().nullish() }).nullish(),
});

export type DashScopeDocument = string | { text?: string; image?: string; video?: string };

export interface DashScopeRerankRequest {
  model: string;
  input: { query: string | { text: string } | { image: string }; documents: DashScopeDocument[] };
  parameters?: { return_documents?: boolean; top_n?: number; instruct?: string; fps?: number };
}
