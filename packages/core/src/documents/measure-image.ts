import { imageSize } from "image-size";
import type { ImageSize } from "../spec/rerank-document.js";

// image-size's name for each MIME type sniffImageType answers. A header it reads as another format is not trusted:
// bytes that only start like a PNG must not be given a size from some other format's parser.
const sizeTypes: Readonly<Record<string, string>> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/bmp": "bmp",
  "image/tiff": "tiff",
  "image/x-icon": "ico",
  "image/icns": "icns",
};

// The first 64 KiB (less a byte, for whole groups of 4 Base64 characters) hold the size of nearly every image, EXIF
// included; only when they do not is the whole payload decoded.
const headBase64Length = Math.floor((64 * 1024) / 3) * 4;

/** The pixel size from the image's header, without decoding it; `undefined` when the header cannot tell. */
export function measureImage(bytes: Uint8Array, mimeType: string): ImageSize | undefined {
  const expected = sizeTypes[mimeType];
  if (expected === undefined) return undefined;
  try {
    const { width, height, type } = imageSize(bytes);
    const valid = type === expected || (expected === "ico" && type === "cur");
    return valid && isSide(width) && isSide(height) ? { width, height } : undefined;
  } catch {
    return undefined;
  }
}

/** {@link measureImage} of a data: URI's Base64 payload, decoding only its head when that is enough. */
export function measureBase64Image(base64: string, mimeType: string): ImageSize | undefined {
  const head = Buffer.from(base64.slice(0, headBase64Length), "base64");
  const size = measureImage(head, mimeType);
  if (size !== undefined || base64.length <= headBase64Length) return size;
  return measureImage(Buffer.from(base64, "base64"), mimeType);
}

const isSide = (value: number) => Number.isInteger(value) && value > 0;
