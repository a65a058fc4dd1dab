import type { RerankModelLimits } from "../spec/rerank-model.js";

/** Model ids with documented limits; any other string is accepted and treated as a text model. */
export type DashScopeRerankModelId =
  | "qwen3-vl-rerank"
  | "qwen3-rerank"
  | "gte-rerank-v2"
  | "qwen3.7-text-rerank"
  | (string & {});

// docs/dashscope-api.md §2.2: qwen3-vl-rerank takes 100 text / 40 image / 4 video documents, 8,000 tokens per item and
// 120,000 per request; text models take 500 documents and 4,000 tokens per item.
const multimodal: RerankModelLimits = {
  maxDocumentsPerCall: { text: 100, image: 40, video: 4 },
  maxTotalDocumentsPerCall: 100,
  maxTokensPerCall: 120_000,
  maxTokensPerItem: 8_000,
  maxImagePixels: 1_843_200, // the open model's processor cap (docs/dashscope-api.md §7.1); none published for this one
  supports: { image: true, video: true, imageQuery: true, mixedDocuments: false },
};

const text = (maxTokensPerCall: number, maxTokensPerItem = 4_000): RerankModelLimits => ({
  maxDocumentsPerCall: { text: 500, image: 0, video: 0 },
  maxTotalDocumentsPerCall: 500,
  maxTokensPerCall,
  maxTokensPerItem,
  supports: { image: false, video: false, imageQuery: false, mixedDocuments: false },
});

export function dashscopeModelLimits(modelId: string): RerankModelLimits {
  if (/vl/i.test(modelId)) return multimodal;
  if (modelId === "gte-rerank-v2") return text(30_000);
  // qwen3.7-text-rerank: 32,768-token context, document cap not found (docs/dashscope-api.md §2.2, unverified); use the qwen3-rerank figures.
  if (modelId === "qwen3.7-text-rerank") return text(120_000, 32_768);
  return text(120_000);
}
