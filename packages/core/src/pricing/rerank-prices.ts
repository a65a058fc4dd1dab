/** A model's list price per million input tokens, and where it was read. */
export interface RerankPrice {
  currency: "CNY" | "USD";
  /** Price of a million image (and video) tokens, for multimodal models. */
  imagePerMillion?: number;
  /** Price of a million text tokens. */
  textPerMillion: number;
  /** The public page the price comes from. */
  source: string;
}

/**
 * List prices of the hosted rerank models (Beijing), as published when this version was released; check the source
 * before relying on them for a bill.
 */
export const rerankPrices: Readonly<Record<string, RerankPrice>> = {
  "qwen3-vl-rerank": {
    currency: "CNY",
    imagePerMillion: 1.8,
    textPerMillion: 0.7,
    source: "https://help.aliyun.com/zh/model-studio/qwen3-vl-rerank",
  },
  "qwen3.7-text-rerank": {
    currency: "CNY",
    textPerMillion: 0.5,
    source: "https://help.aliyun.com/en/model-studio/qwen3-7-text-rerank",
  },
  "gte-rerank-v2": {
    currency: "CNY",
    textPerMillion: 0.8,
    source: "https://help.aliyun.com/en/model-studio/gte-rerank-v2",
  },
  "qwen3-rerank": {
    currency: "USD",
    textPerMillion: 0.069,
    source: "https://www.alibabacloud.com/help/en/model-studio/qwen3-rerank",
  },
};
