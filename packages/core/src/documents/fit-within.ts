import type { ImageSize } from "../spec/rerank-document.js";

/** The largest size of `size`'s aspect ratio with at most `maxPixels` pixels; `size` itself when it fits. */
export function fitWithin(size: ImageSize, maxPixels: number): ImageSize {
  const { width, height } = size;
  if (width * height <= maxPixels) return size;
  const scale = Math.sqrt(maxPixels / (width * height));
  // Both sides rounded down keep the product within the cap. A sliver thinner than a pixel at this scale stays one
  // pixel thin, and only its length is cut.
  const fitted = { width: Math.floor(width * scale), height: Math.floor(height * scale) };
  if (fitted.width < 1) return { width: 1, height: Math.min(height, Math.floor(maxPixels)) };
  if (fitted.height < 1) return { width: Math.min(width, Math.floor(maxPixels)), height: 1 };
  return fitted;
}
