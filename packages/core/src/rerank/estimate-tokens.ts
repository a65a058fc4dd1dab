import type { ResolvedDocument, ResolvedQuery } from "../spec/rerank-document.js";
import type { RerankModelLimits } from "../spec/rerank-model.js";

// Image token counts are not published for the hosted model (docs/dashscope-api.md §9). An image at the open
// model's 1,843,200-pixel cap is 1,800 tokens (§7.1), so 2,000 is a safe stand-in; a video may use a whole item.
const imageTokens = 2_000;

/**
 * A conservative token estimate from the text's length and its UTF-8 size: about 3 characters a token for ASCII, and
 * at least one token for every other character (a CJK character is 3 bytes, so it counts 1⅓). Both are native
 * counts, with no pass over the characters in JavaScript.
 */
export function estimateTextTokens(text: string): number {
  const extraBytes = Buffer.byteLength(text, "utf8") - text.length;
  return Math.ceil(text.length / 3) + Math.ceil(extraBytes / 2) + 1;
}

/** A document's (or the query's) estimate, capped at what the model counts for one item. */
export function estimateItemTokens(item: ResolvedDocument | ResolvedQuery, limits: RerankModelLimits): number {
  const { text, image, video } = item as ResolvedDocument;
  let tokens = text === undefined ? 0 : estimateTextTokens(text);
  if (image !== undefined) tokens += imageTokens;
  if (video !== undefined) tokens += limits.maxTokensPerItem;
  return Math.min(tokens, limits.maxTokensPerItem);
}
