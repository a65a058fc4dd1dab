// vLLM `POST /v1/rerank` (Jina/Cohere-compatible), as read from vLLM's source in docs/dashscope-api.md §7.2, §10.6.
import { z } from "zod";

export type VLLMContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string } }
  | { type: "video_url"; video_url: { url: string } };

export type VLLMDocument = string | { content: VLLMContentPart[] };

export interface VLLMRerankRequest {
  model: string;
  query: VLLMDocument;
  /** Always a list: a single `{content}` object would be split by vLLM into one document per part (§7.2). */
  documents: VLLMDocument[];
  top_n?: number;
  /** Read by the Qwen3-VL-Reranker chat template (vllm PR #42412); older servers ignore unknown fields. */
  instruction?: string;
  /**
   * Documents are cut to this many tokens on the server (vllm PR #38827), after the client's own cut; vLLM never
   * truncates unless asked. `truncate_prompt_tokens` is not used: it cuts the rendered prompt, template end included.
   */
  max_tokens_per_doc?: number;
}

export const vllmRerankResponseSchema = z.object({
  id: z.string().nullish(),
  // Each result is checked by the provider kit's readRanking, in the same pass that reads it.
  results: z.custom<unknown[]>((value) => Array.isArray(value), "must be an array"),
  usage: z.object({ total_tokens: z.number().nullish(), prompt_tokens: z.number().nullish() }).nullish(),
});

const code = z.union([z.string(), z.number()]).nullish();

/**
 * vLLM errors are `{error: {message, type, param, code}}` (older servers and proxies: `{object: "error", message, type,
 * code}`), FastAPI's `{detail}`, or `{error: "Unauthorized"}` from `--api-key` (§10.6).
 */
export const vllmErrorSchema = z.object({
  message: z.string().nullish(),
  type: z.string().nullish(),
  code,
  detail: z.unknown().optional(),
  error: z.union([z.string(), z.object({ message: z.string().nullish(), type: z.string().nullish(), code })]).nullish(),
});
