import type { ImageInput, VideoInput } from "../spec/rerank-document.js";

const imageExtension = /\.(?:jpe?g|png|webp|bmp|tiff?|ico|icns|sgi|dib)$/i;

/**
 * The first metadata value under `keys` that names media. Blank values are passed over; `file_path` (LlamaIndex's
 * key for a node's source file) counts only when it names an image file. Anything else is passed on as found, for
 * the core to use or, under `invalidMedia: "skip"`, to leave out with a warning.
 */
export function mediaFromMetadata(
  metadata: Readonly<Record<string, unknown>> | undefined,
  keys: readonly string[],
): ImageInput | VideoInput | undefined {
  if (!metadata) return undefined;
  for (const key of keys) {
    const value = metadata[key];
    if (value == null || (typeof value === "string" && value.trim() === "")) continue;
    if (key === "file_path" && !(typeof value === "string" && imageExtension.test(value.trim()))) continue;
    return value as ImageInput;
  }
  return undefined;
}
