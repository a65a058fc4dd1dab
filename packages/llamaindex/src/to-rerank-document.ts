import type { BaseNode, ImageNode, MetadataMode } from "@llamaindex/core/schema";
import type { ImageInput, RerankDocument } from "@qwen-rerank/core";
import { mediaFromMetadata } from "@qwen-rerank/core/plugin";

export interface ToRerankDocumentOptions {
  metadataMode: MetadataMode;
  imageMetadataKeys: readonly string[];
}

/** Checks `node.type`, never `instanceof`: two copies of @llamaindex/core (ESM and CJS) have two ImageNode classes. */
export function isImageNode(node: BaseNode): node is ImageNode {
  const type: string = node.type;
  return type === "IMAGE" || type === "IMAGE_DOCUMENT";
}

/**
 * Maps one LlamaIndex node to a core document: its text per `metadataMode`, and its image if it has one. An image the
 * core cannot use is left out there, with a warning, and the node is ranked by its text.
 */
export async function toRerankDocument(node: BaseNode, options: ToRerankDocumentOptions): Promise<RerankDocument> {
  const content = node.getContent(options.metadataMode);
  const text = typeof content === "string" && content.trim() !== "" ? content : undefined;
  const found = isImageNode(node)
    ? imageOfImageNode(node, options)
    : mediaFromMetadata(node.metadata, options.imageMetadataKeys);
  if (found === undefined) return text === undefined ? {} : { text };
  return { text, image: await toImageInput(found) };
}

/**
 * `ImageNode.image`, unless it is a local path and the metadata names a remote or inline image: LlamaIndex's
 * `VectorIndexRetriever` rewrites every retrieved image to `file://<cwd>/<id_>`, which is often not the user's image.
 */
function imageOfImageNode(node: ImageNode, options: ToRerankDocumentOptions): unknown {
  const image: unknown = node.image;
  const reference = typeof image === "string" ? image.trim() : isUrlLike(image) ? (image as URL).href : undefined;
  if (reference === undefined || !isLocal(reference)) return image;
  const fromMetadata = mediaFromMetadata(node.metadata, options.imageMetadataKeys);
  const alternative =
    typeof fromMetadata === "string" ? fromMetadata : isUrlLike(fromMetadata) ? (fromMetadata as URL).href : undefined;
  return alternative !== undefined && !isLocal(alternative) ? alternative : image;
}

const isLocal = (reference: string) => /^file:/i.test(reference) || !/^(?:https?|data):/i.test(reference);

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
