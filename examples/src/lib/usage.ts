/**
 * Token metering and a cost estimate. `meter(model)` wraps any core `RerankModel` (the plugins accept one too), so the
 * same wrapper counts the tokens of the core, LangChain and LlamaIndex paths.
 */
import { estimateCost as priceUsage, type RerankModel, type ResolvedDocument } from "@qwen-rerank/core";

export interface Usage {
  requests: number;
  /** What the API reported (`usage.total_tokens`). */
  totalTokens: number;
  imagesSent: number;
  /** Our estimate of the image share of `totalTokens`, for answers that do not split it. */
  estimatedImageTokens: number;
  /** What the API reported apart, when every request did (qwen3-vl-rerank's `image_tokens` and `input_tokens`). */
  reported: { imageTokens: number; textTokens: number } | undefined;
  /** Whether every request so far reported the split. */
  splitEveryTime: boolean;
}

export const emptyUsage = (): Usage => ({
  requests: 0,
  totalTokens: 0,
  imagesSent: 0,
  estimatedImageTokens: 0,
  reported: undefined,
  splitEveryTime: true,
});

// Qwen3-VL sees an image as one token per 32×32 pixels, 4 to 1,800 of them (docs/dashscope-api.md §7.1). Pictures we cannot
// measure (a remote URL) count as the 1,024-token middle of that range.
function imageTokens(image: string): number {
  const match = /^data:image\/png;base64,(.{32})/.exec(image);
  if (!match) return 1_024;
  const header = Buffer.from(match[1]!, "base64");
  const width = header.readUInt32BE(16);
  const height = header.readUInt32BE(20);
  return Math.min(1_800, Math.max(4, Math.ceil(width / 32) * Math.ceil(height / 32)));
}

/** Wraps `model` so every request adds to the returned `usage`. Everything else passes through unchanged. */
export function meter(model: RerankModel, usage: Usage = emptyUsage()): { model: RerankModel; usage: Usage } {
  const metered: RerankModel = {
    specificationVersion: model.specificationVersion,
    provider: model.provider,
    modelId: model.modelId,
    limits: model.limits,
    retryBudget: model.retryBudget,
    cacheScope: model.cacheScope,
    async doRerank(options) {
      const result = await model.doRerank(options);
      const images = options.documents.filter((document: ResolvedDocument) => document.image !== undefined);
      const queryImage = "image" in options.query ? imageTokens(options.query.image) * options.documents.length : 0;
      usage.requests++;
      usage.totalTokens += result.usage.totalTokens ?? 0;
      usage.imagesSent += images.length + ("image" in options.query ? 1 : 0);
      usage.estimatedImageTokens +=
        queryImage + images.reduce((sum, document) => sum + imageTokens(document.image!), 0);
      const { imageTokens: image, textTokens: text } = result.usage;
      if (image === undefined || text === undefined) usage.splitEveryTime = false;
      else {
        const reported = usage.reported ?? { imageTokens: 0, textTokens: 0 };
        usage.reported = { imageTokens: reported.imageTokens + image, textTokens: reported.textTokens + text };
      }
      return result;
    },
  };
  return { model: metered, usage };
}

export function addUsage(...usages: Usage[]): Usage {
  return usages.reduce((sum, usage) => {
    const reported =
      sum.reported === undefined && usage.reported === undefined
        ? undefined
        : {
            imageTokens: (sum.reported?.imageTokens ?? 0) + (usage.reported?.imageTokens ?? 0),
            textTokens: (sum.reported?.textTokens ?? 0) + (usage.reported?.textTokens ?? 0),
          };
    return {
      requests: sum.requests + usage.requests,
      totalTokens: sum.totalTokens + usage.totalTokens,
      imagesSent: sum.imagesSent + usage.imagesSent,
      estimatedImageTokens: sum.estimatedImageTokens + usage.estimatedImageTokens,
      reported,
      splitEveryTime: sum.splitEveryTime && usage.splitEveryTime,
    };
  }, emptyUsage());
}

export interface CostEstimate {
  currency: "CNY";
  textTokens: number;
  imageTokens: number;
  cost: number;
  note: string;
}

/**
 * An estimate, not a bill. When the API split every answer's tokens into image and text, the core's `estimateCost`
 * prices them at the list price; otherwise the image share is guessed from the pictures' sizes.
 */
export function estimateCost(usage: Usage, modelId: string, offline: boolean): CostEstimate | undefined {
  if (modelId !== "qwen3-vl-rerank") return undefined;
  const split = usage.splitEveryTime && usage.reported !== undefined ? usage.reported : undefined;
  const imageTokens = split?.imageTokens ?? Math.min(usage.totalTokens, usage.estimatedImageTokens);
  const textTokens = split?.textTokens ?? usage.totalTokens - imageTokens;
  const priced = priceUsage({ totalTokens: imageTokens + textTokens, imageTokens, textTokens }, modelId);
  const note = [
    "estimate: CNY 0.7 / 1M text tokens and CNY 1.8 / 1M image tokens at list price (Beijing)",
    split
      ? "the API reported image and text tokens apart"
      : "the answers did not split the tokens, so the image share is estimated at one token per 32x32 pixels",
    ...(offline ? ["offline token counts come from the stand-in server and are not DashScope's"] : []),
  ].join("; ");
  return { currency: "CNY", textTokens, imageTokens, cost: priced?.amount ?? 0, note };
}
