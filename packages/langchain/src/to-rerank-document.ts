import type { DocumentInterface } from "@langchain/core/documents";
import type { ImageInput, RerankDocument, VideoInput } from "@qwen-rerank/core";

/** Metadata keys read for an image, first match wins. */
export const defaultImageMetadataKeys: readonly string[] = ["image", "imageUrl", "image_url"];

/** Metadata keys read for a video, first match wins. */
export const defaultVideoMetadataKeys: readonly string[] = ["video", "videoUrl", "video_url"];

export interface ToRerankDocumentOptions {
  /** @default ["image", "imageUrl", "image_url"] */
  imageMetadataKeys?: readonly string[] | undefined;
  /** @default ["video", "videoUrl", "video_url"] */
  videoMetadataKeys?: readonly string[] | undefined;
}

// LangChain documents are text only; a data URL is the one way an image can travel in `pageContent` itself.
const dataImageUrl = /^\s*data:image\/[a-z0-9.+-]+;base64,/i;

/**
 * The default mapping from a LangChain document to what is sent to the reranker.
 *
 * - An image comes from the first image metadata key holding a value (http(s) or data: URL, local path, `URL`,
 *   bytes or `Blob`), else from a `pageContent` that is a `data:image/...;base64,` URL.
 * - A video comes from the first video metadata key holding a value (an http(s) URL).
 * - Any other non-blank `pageContent` is the text. With text and media, the core's `mixedContent` decides what is
 *   sent (default: the media).
 *
 * Values are passed on as found: a malformed one is refused by the core with an `InvalidArgumentError` naming the
 * document, rather than being silently sent as text.
 */
export function toRerankDocument(document: DocumentInterface, options: ToRerankDocumentOptions = {}): Exclude<RerankDocument, string> {
  const metadata: Record<string, unknown> = document.metadata ?? {};
  const video = firstPresent(metadata, options.videoMetadataKeys ?? defaultVideoMetadataKeys) as VideoInput | undefined;
  let image = firstPresent(metadata, options.imageMetadataKeys ?? defaultImageMetadataKeys) as ImageInput | undefined;
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

function firstPresent(metadata: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) {
    const value = metadata[key];
    if (value == null || (typeof value === "string" && value.trim() === "")) continue;
    return value;
  }
  return undefined;
}
