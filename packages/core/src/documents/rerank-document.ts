/**
 * An image: an http(s) URL or `data:image/...;base64,` URI (as a string or `URL`), raw bytes, a `Blob`, or a local
 * file path / `file:` URL (read only when the call lists `allowedLocalRoots`).
 */
export type ImageInput = string | URL | Uint8Array | ArrayBuffer | Blob;

/** A video: an http(s) URL only (dashscope-api.md §2.3: "URL only"). */
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

/** A document after validation and media resolution: what a provider's `doRerank` receives. */
export interface ResolvedDocument {
  text?: string;
  /** http(s) URL or `data:image/<type>;base64,` URI. */
  image?: string;
  /** http(s) URL. */
  video?: string;
}

/** A query after validation and media resolution. */
export type ResolvedQuery = { text: string } | { image: string };

export type Modality = "text" | "image" | "video";

/** A lossy conversion or a notable decision the caller should know about. */
export interface RerankWarning {
  type: "compatibility" | "truncation" | "other";
  /** What it concerns, e.g. `documents[3]`. */
  feature: string;
  details: string;
}
