import { z } from "zod";

/** How inline images are shrunk before they are sent. */
export interface ImageResizeSettings {
  /**
   * Largest pixel count (width × height) an inline image is sent at; a larger one is scaled down to fit, its aspect
   * ratio kept, and never scaled up. @default the model's `limits.maxImagePixels` (1,843,200 for qwen3-vl-rerank and
   * vLLM models, the `MAX_PIXELS` of https://github.com/QwenLM/Qwen3-VL-Embedding `src/models/qwen3_vl_reranker.py`)
   */
  maxPixels?: number | undefined;
  /** JPEG quality (1–100) of a resized image that is re-encoded as JPEG. @default 85 */
  jpegQuality?: number | undefined;
}

/**
 * `true` (or settings): inline images (bytes, Blobs, data: URIs, local files) larger than the model reads are resized
 * with the optional `sharp` package before they are sent; http(s) URLs are always left alone. `false`: every image is
 * sent as it is.
 */
export type ImageResizeOption = boolean | ImageResizeSettings;

/** What an unset field of {@link ImageResizeSettings} means. */
export const imageResizeDefaults = { jpegQuality: 85 } as const;

/** The check of the `imageResize` option, for the options schemas. */
export const imageResizeSchema = z.union([
  z.boolean(),
  z.strictObject({
    maxPixels: z.number().int().min(1).optional(),
    jpegQuality: z.number().int().min(1).max(100).optional(),
  }),
]);
