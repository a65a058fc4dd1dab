import type { BaseNode, ImageNode, MetadataMode } from "@llamaindex/core/schema";
import type { ImageInput, RerankDocument, RerankWarning } from "@qwen-rerank/core";

export interface ToRerankDocumentOptions {
  metadataMode: MetadataMode;
  imageMetadataKeys: readonly string[];
  /** False for text-only models: images are left out and the node is ranked by its text. */
  sendImages: boolean;
  /** Whether a local path found in metadata may be sent to the core (which reads it only inside the allowed roots). */
  readMetadataPaths: boolean;
}

export interface ConvertedNode {
  /** Undefined when the node has neither text nor a usable image. */
  document: RerankDocument | undefined;
  /** Why an image the node carries was not sent. */
  skippedImage?: "text-only-model" | "local-path-without-roots";
}

// The formats qwen3-vl-rerank accepts (dashscope-api.md §2.3); a `file_path` with another extension is a text file.
const imageExtension = /\.(?:png|jpe?g|webp|bmp|dib|tiff?|ico|icns|sgi|rgb)$/i;

/** Checks `node.type`, never `instanceof`: two copies of @llamaindex/core (ESM and CJS) have two ImageNode classes (snag S3). */
export function isImageNode(node: BaseNode): node is ImageNode {
  const type: string = node.type;
  return type === "IMAGE" || type === "IMAGE_DOCUMENT";
}

/** Maps one LlamaIndex node to a core document: its text per `metadataMode`, and its image if it has one. */
export async function toRerankDocument(node: BaseNode, options: ToRerankDocumentOptions): Promise<ConvertedNode> {
  const content = node.getContent(options.metadataMode);
  const text = typeof content === "string" && content.trim() !== "" ? content : undefined;
  const found = isImageNode(node) ? imageOfImageNode(node, options) : imageFromMetadata(node.metadata, options.imageMetadataKeys);

  let skippedImage: ConvertedNode["skippedImage"];
  let image: ImageInput | undefined;
  if (found && !options.sendImages) skippedImage = "text-only-model";
  // Metadata is a hint, not the node's content: without allowed roots a path there is skipped, not an error.
  else if (found?.local && !options.readMetadataPaths) skippedImage = "local-path-without-roots";
  else if (found) image = await toImageInput(found.image);

  const document = image !== undefined ? { text, image } : text !== undefined ? { text } : undefined;
  return skippedImage ? { document, skippedImage } : { document };
}

/**
 * `ImageNode.image`, except when it is a local path and no roots are allowed: LlamaIndex's `VectorIndexRetriever`
 * rewrites every retrieved image to `file://<cwd>/<id_>`, so a path there is often not the user's image at all.
 * Then an image URL in the metadata stands in, and failing that the path is skipped like one found in metadata.
 */
function imageOfImageNode(node: ImageNode, options: ToRerankDocumentOptions): { image: unknown; local: boolean } {
  const image: unknown = node.image;
  const reference = typeof image === "string" ? image.trim() : isUrlLike(image) ? (image as URL).href : undefined;
  const local = reference !== undefined && (/^file:/i.test(reference) || !/^(?:https?|data):/i.test(reference));
  if (!local || options.readMetadataPaths) return { image, local: false };
  const remote = imageFromMetadata(node.metadata, options.imageMetadataKeys);
  return remote && !remote.local ? remote : { image, local: true };
}

/** Blobs become bytes (and URL-likes strings) by shape, so a polyfilled Blob or a URL from another realm still works. */
async function toImageInput(image: unknown): Promise<ImageInput> {
  if (typeof image === "string") return image;
  if (typeof image === "object" && image !== null) {
    if (typeof (image as Blob).arrayBuffer === "function") return new Uint8Array(await (image as Blob).arrayBuffer());
    if (typeof (image as URL).href === "string") return (image as URL).href;
  }
  // Let the core refuse anything else with its usual InvalidArgumentError.
  return image as ImageInput;
}

function imageFromMetadata(metadata: Record<string, unknown> | undefined, keys: readonly string[]): { image: string; local: boolean } | undefined {
  if (!metadata) return undefined;
  for (const key of keys) {
    const raw = metadata[key];
    const value = typeof raw === "string" ? raw.trim() : raw instanceof URL || isUrlLike(raw) ? (raw as URL).href : undefined;
    if (!value) continue;
    if (/^https?:\/\//i.test(value)) {
      // `file_path` names a source file; only an image file is worth sending.
      if (key === "file_path" && !imageExtension.test(new URL(value).pathname)) continue;
      return { image: value, local: false };
    }
    if (/^data:image\//i.test(value)) return { image: value, local: false };
    // Anything else is a local path or file: URL; require an image extension so `image: "cover"` is not read as a file.
    // A one-letter "scheme" is a Windows drive letter.
    if ((/^file:/i.test(value) || !/^[a-z][a-z0-9+.-]+:/i.test(value)) && imageExtension.test(value)) return { image: value, local: true };
  }
  return undefined;
}

function isUrlLike(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as URL).href === "string" && typeof (value as URL).protocol === "string";
}

/** What a call should report about the conversion: images left out and nodes that could not be scored. */
export function conversionWarnings(converted: readonly ConvertedNode[]): RerankWarning[] {
  const warnings: RerankWarning[] = [];
  const textOnly = converted.filter((item) => item.skippedImage === "text-only-model").length;
  const localPaths = converted.filter((item) => item.skippedImage === "local-path-without-roots").length;
  if (textOnly > 0) warnings.push({ type: "compatibility", feature: "nodes", details: `${textOnly} node image(s) not sent: the model is text-only.` });
  if (localPaths > 0)
    warnings.push({ type: "other", feature: "nodes", details: `${localPaths} local image path(s) in metadata not sent: set allowedLocalRoots to allow them.` });
  return warnings;
}
