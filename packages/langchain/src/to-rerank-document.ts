import type { DocumentInterface } from "@langchain/core/documents";
import type { ImageInput, RerankDocument, VideoInput } from "@qwen-rerank/core";
import { defaultImageMetadataKeys, defaultVideoMetadataKeys, mediaFromMetadata } from "@qwen-rerank/core/plugin";

export { defaultImageMetadataKeys, defaultVideoMetadataKeys };

export interface ToRerankDocumentOptions {
  /** @default ["image", "image_url", "imageUrl", "file_path"] */
  imageMetadataKeys?: readonly string[] | undefined;
  /** @default ["video", "video_url", "videoUrl"] */
  videoMetadataKeys?: readonly string[] | undefined;
}

// LangChain documents are text only; a data URL is the one way an image can travel in `pageContent` itself.
const dataImageUrl = /^\s*data:image\/[a-z0-9.+-]+;base64,/i;

/**
 * The default mapping from a LangChain document to what is sent to the reranker.
 *
 * - An image comes from the first image metadata key holding a value, else from a `pageContent` that is a
 *   `data:image/...;base64,` URL.
 * - A video comes from the first video metadata key holding a value (an http(s) URL).
 * - Any other non-blank `pageContent` is the text. With text and media, the core's `mixedContent` decides what is
 *   sent (default: the media).
 *
 * Values are passed on as found: one that cannot be used is left out with a warning (`invalidMedia: "skip"`, the
 * default) or refused with an `InvalidArgumentError` naming the document (`invalidMedia: "error"`).
 */
export function toRerankDocument(
  document: DocumentInterface,
  options: ToRerankDocumentOptions = {},
): Exclude<RerankDocument, string> {
  const metadata: Record<string, unknown> = document.metadata ?? {};
  const video = mediaFromMetadata(metadata, options.videoMetadataKeys ?? defaultVideoMetadataKeys) as
    | VideoInput
    | undefined;
  let image = mediaFromMetadata(metadata, options.imageMetadataKeys ?? defaultImageMetadataKeys) as
    | ImageInput
    | undefined;
  let text: string | undefined = typeof document.pageContent === "string" ? document.pageContent : undefined;
  if (text !== undefined && dataImageUrl.test(text)) {
    // Base64 is never useful as text; it is the image unless the metadata names media explicitly.
    if (image === undefined && video === undefined) image = text.trim();
    text = undefined;
  }
  const result: { text?: string; image?: ImageInput; video?: VideoInput } = {};
  if (text !== undefined && text.trim() !== "") result.text = text;
  if (image !== undefined) result.image = image;
  if (video !== undefined) result.video = video;
  return result;
}
