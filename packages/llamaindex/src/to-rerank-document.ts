import type { BaseNode, ImageNode, MetadataMode } from "@llamaindex/core/schema";
import type { ImageInput, RerankDocument } from "@qwen-rerank/core";
import { createImageChooser, type ImageChooser, metadataMediaCandidates } from "@qwen-rerank/core/plugin";

export interface ToRerankDocumentOptions {
  metadataMode: MetadataMode;
  imageMetadataKeys: readonly string[];
  /** Folders a local image may be read from, as `QwenRerank` passes them to the core. @default none */
  allowedLocalRoots?: readonly string[] | undefined;
}

/** Checks `node.type`, never `instanceof`: two copies of @llamaindex/core (ESM and CJS) have two ImageNode classes. */
export function isImageNode(node: BaseNode): node is ImageNode {
  const type: string = node.type;
  return type === "IMAGE" || type === "IMAGE_DOCUMENT";
}

/**
 * Maps one LlamaIndex node to a core document: its text per `metadataMode`, and its image if it has one. An
 * `ImageNode`'s image is the first usable of `node.image` and its image metadata keys (see `QwenRerank`); another
 * node's is its first image metadata key. An image the core cannot use is left out there, with a warning, and the
 * node is ranked by its text.
 */
export async function toRerankDocument(node: BaseNode, options: ToRerankDocumentOptions): Promise<RerankDocument> {
  return nodeToDocument(node, options, createImageChooser(options.allowedLocalRoots));
}

/** `toRerankDocument` with the call's chooser, which gathers the call's warnings about local files. */
export async function nodeToDocument(
  node: BaseNode,
  options: ToRerankDocumentOptions,
  chooser: ImageChooser,
): Promise<RerankDocument> {
  const content = node.getContent(options.metadataMode);
  const text = typeof content === "string" && content.trim() !== "" ? content : undefined;
  const fromMetadata = metadataMediaCandidates(node.metadata, options.imageMetadataKeys);
  // LlamaIndex's VectorIndexRetriever rewrites every retrieved ImageNode's image to file://<cwd>/<id_>, which is
  // rarely the image; the file it came from is usually still in metadata.file_path, so every candidate is weighed.
  const candidates = isImageNode(node) ? [node.image, ...fromMetadata] : fromMetadata.slice(0, 1);
  const present = candidates.filter((candidate) => candidate != null);
  if (present.length === 0) return text === undefined ? {} : { text };
  return { text, image: await toImageInput(await chooser.choose(present)) };
}

/** Blobs become bytes (and URL-likes strings) by shape, so a polyfilled Blob or a URL from another realm still works. */
async function toImageInput(image: unknown): Promise<ImageInput> {
  if (typeof image === "string") return image;
  if (typeof image === "object" && image !== null) {
    if (typeof (image as Blob).arrayBuffer === "function") return new Uint8Array(await (image as Blob).arrayBuffer());
    if (isUrlLike(image)) return (image as URL).href;
  }
  // Anything else is the core's to refuse (or to leave out with a warning).
  return image as ImageInput;
}

function isUrlLike(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as URL).href === "string" &&
    typeof (value as URL).protocol === "string"
  );
}
