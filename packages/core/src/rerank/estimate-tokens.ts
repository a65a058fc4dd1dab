import { fitWithin } from "../documents/fit-within.js";
import type { ImageSize, ResolvedDocument, ResolvedQuery } from "../spec/rerank-document.js";
import type { RerankModelLimits } from "../spec/rerank-model.js";

// The open model reads an image as one token per 32×32 patch, between 4 and 1,800 patches (MIN_PIXELS and MAX_PIXELS,
// docs/dashscope-api.md §7.1), wrapped in <|vision_start|> and <|vision_end|>. The hosted model publishes no counts
// (§9); sides are rounded up here where the processor rounds to the nearest, so the estimate does not fall short.
const patchSide = 32;
const minPatches = 4;
const qwenMaxPixels = 1_843_200;
const imageSpecialTokens = 2;
// An image of unknown size (a URL, a header that did not tell): more than a full-size image at the cap; a video may
// use a whole item.
const unknownImageTokens = 2_000;

/**
 * A conservative token estimate from the text's length and its UTF-8 size: about 3 characters a token for ASCII, and
 * at least one token for every other character (a CJK character is 3 bytes, so it counts 1⅓). Both are native
 * counts, with no pass over the characters in JavaScript.
 */
export function estimateTextTokens(text: string): number {
  const extraBytes = Buffer.byteLength(text, "utf8") - text.length;
  return Math.ceil(text.length / 3) + Math.ceil(extraBytes / 2) + 1;
}

/**
 * An image's tokens from its pixel size: the patches of the image as the model scales it (down to the model's
 * `maxImagePixels`, or the open model's cap where the model names none), plus its special tokens.
 */
export function estimateImageTokens(size: ImageSize | undefined, limits: RerankModelLimits): number {
  if (size === undefined) return unknownImageTokens;
  const maxPixels = limits.maxImagePixels ?? qwenMaxPixels;
  const { width, height } = fitWithin(size, maxPixels);
  const patches = Math.ceil(width / patchSide) * Math.ceil(height / patchSide);
  const maxPatches = Math.max(minPatches, Math.floor(maxPixels / (patchSide * patchSide)));
  return Math.min(Math.max(patches, minPatches), maxPatches) + imageSpecialTokens;
}

/** A document's (or the query's) estimate, capped at what the model counts for one item. */
export function estimateItemTokens(item: ResolvedDocument | ResolvedQuery, limits: RerankModelLimits): number {
  const { text, image, imageSize, video } = item as ResolvedDocument;
  let tokens = text === undefined ? 0 : estimateTextTokens(text);
  if (image !== undefined) tokens += estimateImageTokens(imageSize, limits);
  if (video !== undefined) tokens += limits.maxTokensPerItem;
  return Math.min(tokens, limits.maxTokensPerItem);
}
