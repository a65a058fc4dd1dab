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
}

export const vllmRerankResponseSchema = z.object({
  id: z.string().nullish(),
  // Each result is checked by the provider kit's readRanking, in the same pass that reads it.
  results: z.custom<unknown[]>((value) => Array.isArray(value), "must be an array"),
  usage: z.object({ total_tokens: z.number().nullish(), prompt_tokens: z.number().nullish() }).nullish(),
});

/** vLLM errors are OpenAI-style `{error: {message, type, code}}`, `{object: "error", message, …}`, or FastAPI's `{detail}`. */
export const vllmErrorSchema = z.object({
  message: z.string().nullish(),
  type: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
  detail: z.unknown().optional(),
  error: z
    .object({
      message: z.string().nullish(),
      type: z.string().nullish(),
      code: z.union([z.string(), z.number()]).nullish(),
    })
    .nullish(),
});
