import { readImageSize } from "./read-image-size.js";

/** Tokens charged for an image whose size the server cannot read (a URL, or a format other than PNG or JPEG). */
export const unreadImageTokens = 64;
/** Tokens charged for a video, whatever its length: the server downloads nothing. */
export const videoTokens = 256;

// docs/dashscope-api.md §7.1: the open model's processor works in 32×32 patches, between MIN_PIXELS (4 patches) and
// MAX_PIXELS (1,800 patches).
const patch = 32;
const minPatches = 4;
const maxPatches = 1800;

/**
 * The server's stand-in token count for one image (not the model's): for a PNG or JPEG data URI, one token per
 * 32×32 patch of its declared width × height, at least 4 and at most 1,800 (the open Qwen3-VL-Reranker processor's
 * pixel bounds, https://github.com/QwenLM/Qwen3-VL-Embedding); 64 for any other image.
 *
 * @example
 * estimateImageTokens("https://x.test/cat.jpg"); // 64
 */
export function estimateImageTokens(reference: string): number {
  const size = readImageSize(reference);
  if (size === undefined) return unreadImageTokens;
  const patches = Math.ceil(size.width / patch) * Math.ceil(size.height / patch);
  return Math.min(maxPatches, Math.max(minPatches, patches));
}
