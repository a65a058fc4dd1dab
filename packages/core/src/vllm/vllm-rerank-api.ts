// vLLM ≥ 0.14 `POST /v1/rerank` (Jina/Cohere-compatible), as read in dashscope-api.md §7.2.
import { z } from "zod";

export type VLLMContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string } }
  | { type: "video_url"; video_url: { url: string } };

export type VLLMDocument = string | { content: VLLMContentPart[] };

export interface VLLMRerankRequest {
  model: string;
  query: VLLMDocument;
  /** Always a list: a single `{content}` object would be split by vLLM into one document per part (§7.2 pitfall). */
  documents: VLLMDocument[];
  top_n?: number;
}

export const vllmRerankResponseSchema = z.object({
  id: z.string().nullish(),
  results: z.array(z.object({ index: z.number().int(), relevance_score: z.number().finite(), document: z.unknown().optional() })),
  usage: z.object({ total_tokens: z.number().nullish(), prompt_tokens: z.number().nullish() }).passthrough().nullish(),
});

/** vLLM errors are OpenAI-style `{object: "error", message, type, code}` or FastAPI's `{detail}`. */
export const vllmErrorSchema = z.object({
  message: z.string().nullish(),
  type: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
  detail: z.unknown().optional(),
  error: z.object({ message: z.string().nullish(), type: z.string().nullish(), code: z.union([z.string(), z.number()]).nullish() }).nullish(),
});
