import { fileURLToPath } from "node:url";
import { InvalidArgumentError } from "../spec/errors/invalid-argument-error.js";
import type { ImageInput } from "../spec/rerank-document.js";
import { readLocalImage } from "./read-local-image.js";
import { sniffImageType, supportedImageSubtypes } from "./sniff-image-type.js";

// One Base64 item may be at most 20 MiB (docs/dashscope-api.md §2.3); refused here rather than drawing a 413.
const maxBase64Length = 20 * 1024 * 1024;

/**
 * Turns any accepted image input into what goes on the wire: an http(s) URL or a `data:image/...;base64,` URI.
 * Synchronous unless something must be read (a local file, a Blob).
 */
export function resolveImage(
  image: ImageInput,
  allowedLocalRoots: readonly string[] | undefined,
  argument: string,
): string | Promise<string> {
  if (typeof image === "string" || image instanceof URL) return resolveReference(image, allowedLocalRoots, argument);
  if (image instanceof Uint8Array) return toDataUri(image, argument);
  if (image instanceof ArrayBuffer) return toDataUri(new Uint8Array(image), argument);
  if (typeof Blob !== "undefined" && image instanceof Blob) {
    return image.arrayBuffer().then((buffer) => toDataUri(new Uint8Array(buffer), argument));
  }
  throw new InvalidArgumentError({
    argument,
    message: "image must be a URL, data: URI, local path, Uint8Array, ArrayBuffer or Blob.",
  });
}

function resolveReference(image: string | URL, roots: readonly string[] | undefined, argument: string) {
  const text = typeof image === "string" ? image.trim() : image.href;
  if (/^https?:\/\//i.test(text)) return text;
  if (/^data:/i.test(text)) return checkDataUri(text, argument);
  if (text === "") throw new InvalidArgumentError({ argument, message: "image is empty." });
  const local = /^file:/i.test(text) ? filePathOf(text, argument) : text;
  if (local === text && /^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new InvalidArgumentError({
      argument,
      message: `unsupported image URL scheme in "${text.slice(0, 40)}"; use http(s), data: or a local path.`,
    });
  }
  return readLocalImage(local, roots, argument).then((bytes) => toDataUri(bytes, argument));
}

/** A `file:` URL's path; a URL naming another host or an encoded `/` is refused like any other bad input. */
function filePathOf(url: string, argument: string): string {
  try {
    return fileURLToPath(url);
  } catch (error) {
    const message = `cannot use the file: URL "${url.slice(0, 60)}": ${(error as Error).message}.`;
    throw new InvalidArgumentError({ argument, message, cause: error });
  }
}

function toDataUri(bytes: Uint8Array, argument: string): string {
  const mimeType = sniffImageType(bytes);
  if (mimeType === undefined) {
    throw new InvalidArgumentError({
      argument,
      message: "unsupported image type; qwen3-vl-rerank accepts JPEG, PNG, WEBP, BMP, TIFF, ICO, ICNS and SGI.",
    });
  }
  const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  if (base64.length > maxBase64Length) tooLarge(argument);
  return `data:${mimeType};base64,${base64}`;
}

function checkDataUri(uri: string, argument: string): string {
  const match = /^data:image\/([a-z0-9.+-]+);base64,/i.exec(uri);
  if (!match) {
    throw new InvalidArgumentError({
      argument,
      message: "a data: URI image must look like data:image/<type>;base64,<data>.",
    });
  }
  if (!supportedImageSubtypes.has(match[1]!.toLowerCase())) {
    throw new InvalidArgumentError({ argument, message: `unsupported image type image/${match[1]}.` });
  }
  if (uri.length - match[0].length > maxBase64Length) tooLarge(argument);
  return uri;
}

function tooLarge(argument: string): never {
  throw new InvalidArgumentError({ argument, message: "image is larger than the 20 MiB Base64 limit of one item." });
}
