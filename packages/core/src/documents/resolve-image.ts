import { fileURLToPath } from "node:url";
import { InvalidArgumentError } from "../spec/errors/invalid-argument-error.js";
import type { ImageInput } from "../spec/rerank-document.js";
import { type ImageCall, imageCallOf } from "./image-call.js";
import { inlineBytes, inlineDataUri, type ResolvedImage } from "./inline-image.js";
import { readLocalImage } from "./read-local-image.js";
import type { ResolveOptions } from "./resolve-options.js";

/**
 * Turns any accepted image input into what goes on the wire: an http(s) URL, left alone for the API to fetch, or a
 * `data:image/...;base64,` URI, resized first when it is over the call's pixel cap. Synchronous unless something
 * must be read (a local file, a Blob) or resized.
 */
export function resolveImage(
  image: ImageInput,
  options: ResolveOptions,
  argument: string,
): ResolvedImage | Promise<ResolvedImage> {
  const resolved = resolveInput(image, options, argument);
  // Tracked so the call's one warning about its images counts this one too, wherever it came from.
  if (resolved instanceof Promise) imageCallOf(options).pending.push(resolved);
  return resolved;
}

function resolveInput(image: ImageInput, options: ResolveOptions, argument: string) {
  if (typeof image === "string" || image instanceof URL) return resolveReference(image, options, argument);
  const call = imageCallOf(options);
  if (image instanceof Uint8Array) return inlineBytes(image, argument, call);
  if (image instanceof ArrayBuffer) return inlineBytes(new Uint8Array(image), argument, call);
  if (typeof Blob !== "undefined" && image instanceof Blob) {
    return image.arrayBuffer().then((buffer) => inlineBytes(new Uint8Array(buffer), argument, call));
  }
  throw new InvalidArgumentError({
    argument,
    message: "image must be a URL, data: URI, local path, Uint8Array, ArrayBuffer or Blob.",
  });
}

function resolveReference(
  image: string | URL,
  options: ResolveOptions,
  argument: string,
): ResolvedImage | Promise<ResolvedImage> {
  const text = typeof image === "string" ? image.trim() : image.href;
  if (/^https?:\/\//i.test(text)) return { image: text };
  const call: ImageCall = imageCallOf(options);
  if (/^data:/i.test(text)) return inlineDataUri(text, argument, call);
  if (text === "") throw new InvalidArgumentError({ argument, message: "image is empty." });
  const local = /^file:/i.test(text) ? filePathOf(text, argument) : text;
  if (local === text && /^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw new InvalidArgumentError({
      argument,
      message: `unsupported image URL scheme in "${text.slice(0, 40)}"; use http(s), data: or a local path.`,
    });
  }
  return readLocalImage(local, options.allowedLocalRoots, argument).then((bytes) => inlineBytes(bytes, argument, call));
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
