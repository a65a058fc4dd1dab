import type { RerankUsage } from "../rerank/rerank-options.js";
import { type RerankPrice, rerankPrices } from "./rerank-prices.js";

export interface CostEstimate {
  currency: RerankPrice["currency"];
  /** The cost of the usage at list price. */
  amount: number;
  /**
   * `true` when a multimodal answer did not split its tokens into image and text, so every token was priced at the
   * image rate: the bill is at most this.
   */
  upperBound: boolean;
  source: string;
}

/**
 * What `usage` (a `rerank()` result's) costs at `modelId`'s list price, or `undefined` for a model without a known
 * price. Image and text tokens are priced apart where the answer reported them apart.
 */
export function estimateCost(
  usage: RerankUsage,
  modelId: string,
  prices: Readonly<Record<string, RerankPrice>> = rerankPrices,
): CostEstimate | undefined {
  const price = prices[modelId];
  if (price === undefined) return undefined;
  const { currency, source, textPerMillion, imagePerMillion } = price;
  if (imagePerMillion === undefined)
    return { currency, amount: (usage.totalTokens * textPerMillion) / 1e6, upperBound: false, source };
  if (usage.imageTokens !== undefined && usage.textTokens !== undefined) {
    const amount = (usage.imageTokens * imagePerMillion + usage.textTokens * textPerMillion) / 1e6;
    return { currency, amount, upperBound: false, source };
  }
  return {
    currency,
    amount: (usage.totalTokens * Math.max(imagePerMillion, textPerMillion)) / 1e6,
    upperBound: true,
    source,
  };
}
