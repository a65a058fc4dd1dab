import type { RerankModelLimits } from "../spec/rerank-model.js";

/** Model ids with documented limits; any other string is accepted and treated as a text model. */
export type DashScopeRerankModelId =
  | "qwen3-vl-rerank"
  | "qwen3-rerank"
  | "gte-rerank-v2"
  | "qwen3.7-text-rerank"
  | (string & {});

// The gateway takes at most 16 MiB of body, counting Base64 at its decoded size (docs/dashscope-api.md §2.3, §10.1);
// 1 MiB is left for the JSON around the documents, which the planner does not count to the byte.
const maxRequestBytes = 15 * 1024 * 1024;

// docs/dashscope-api.md §2.2: qwen3-vl-rerank takes 100 text / 40 image / 4 video documents, 8,000 tokens per item and
// 120,000 per request; text models take 500 documents and 4,000 tokens per item.
const multimodal: RerankModelLimits = {
  maxDocumentsPerCall: { text: 100, image: 40, video: 4 },
  maxTotalDocumentsPerCall: 100,
  maxTokensPerCall: 120_000,
  maxTokensPerItem: 8_000,
  maxRequestBytes,
  maxImagePixels: 1_843_200, // the open model's processor cap (docs/dashscope-api.md §7.1); none published for this one
  supports: { image: true, video: true, imageQuery: true, mixedDocuments: false },
};

const text = (limits: Pick<RerankModelLimits, "maxTokensPerCall" | "maxTokensPerItem" | "maxCharsPerItem">) => ({
  maxDocumentsPerCall: { text: 500, image: 0, video: 0 },
  maxTotalDocumentsPerCall: 500,
  maxRequestBytes,
  ...limits,
  supports: { image: false, video: false, imageQuery: false, mixedDocuments: false },
});

export function dashscopeModelLimits(modelId: string): RerankModelLimits {
  if (isMultimodalModelId(modelId)) return multimodal;
  // A real gte-rerank-v2 answer refuses a document over 300,000 characters (§10.2).
  if (modelId === "gte-rerank-v2")
    return text({ maxTokensPerCall: 30_000, maxTokensPerItem: 4_000, maxCharsPerItem: 300_000 });
  // The newer guide gives qwen3.7-text-rerank 30,000 tokens per item (§10.2); its document cap was not found (§2.2).
  if (modelId === "qwen3.7-text-rerank") return text({ maxTokensPerCall: 120_000, maxTokensPerItem: 30_000 });
  return text({ maxTokensPerCall: 120_000, maxTokensPerItem: 4_000 });
}

/** Whether `modelId` names a multimodal model, which the OpenAI-compatible endpoint does not serve (§10.5). */
export const isMultimodalModelId = (modelId: string): boolean => /vl/i.test(modelId);
