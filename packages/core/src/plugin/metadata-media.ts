import type { ImageInput, VideoInput } from "../spec/rerank-document.js";

const imageExtension = /\.(?:jpe?g|png|webp|bmp|tiff?|ico|icns|sgi|dib)$/i;

/**
 * Every metadata value under `keys` that names media, in key order. Blank values are passed over; `file_path`
 * (LlamaIndex's key for a node's source file) counts only when it names an image file.
 */
export function metadataMediaCandidates(
  metadata: Readonly<Record<string, unknown>> | undefined,
  keys: readonly string[],
): unknown[] {
  if (!metadata) return [];
  const found: unknown[] = [];
  for (const key of keys) {
    const value = metadata[key];
    if (value == null || (typeof value === "string" && value.trim() === "")) continue;
    if (key === "file_path" && !(typeof value === "string" && imageExtension.test(value.trim()))) continue;
    found.push(value);
  }
  return found;
}

/**
 * The first metadata value under `keys` that names media (see `metadataMediaCandidates`). It is passed on as found,
 * for the core to use or, under `invalidMedia: "skip"`, to leave out with a warning.
 */
export function mediaFromMetadata(
  metadata: Readonly<Record<string, unknown>> | undefined,
  keys: readonly string[],
): ImageInput | VideoInput | undefined {
  return metadataMediaCandidates(metadata, keys)[0] as ImageInput | undefined;
}
