/**
 * An image: an http(s) URL or `data:image/...;base64,` URI (as a string or `URL`), raw bytes, a `Blob`, or a local
 * file path / `file:` URL (read only when the call lists `allowedLocalRoots`).
 */
export type ImageInput = string | URL | Uint8Array | ArrayBuffer | Blob;

/**
 * A video: an http(s) URL only. DashScope takes video by URL
 * (https://www.alibabacloud.com/help/en/model-studio/text-rerank-api, "Input limitations").
 */
export type VideoInput = string | URL;

/** A candidate to rerank: a plain string, or an object with text, an image or a video. */
export type RerankDocument =
  | string
  | {
      text?: string | undefined;
      image?: ImageInput | undefined;
      video?: VideoInput | undefined;
    };

/** The query: text, or (multimodal models only) an image. */
export type RerankQuery = string | { text: string } | { image: ImageInput };

/** An image's size in pixels. */
export interface ImageSize {
  width: number;
  height: number;
}

/** A document after validation and media resolution: what a provider's `doRerank` receives. */
export interface ResolvedDocument {
  text?: string;
  /** http(s) URL or `data:image/<type>;base64,` URI. */
  image?: string;
  /**
   * The pixel size of an inline `image` as sent (after any resizing), read from its header; unset for URLs and for
   * headers that do not tell. For planning only: providers do not send it.
   */
  imageSize?: ImageSize;
  /** http(s) URL. */
  video?: string;
}

/** A query after validation and media resolution. */
export type ResolvedQuery = { text: string } | { image: string; imageSize?: ImageSize };

export type Modality = "text" | "image" | "video";

/** What to send for a document that has both text and media: the media, the text, or both. */
export type MixedContent = "media" | "text" | "both";
