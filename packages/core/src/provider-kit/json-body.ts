import { randomUUID } from "node:crypto";
import type { RerankModelCallOptions } from "../spec/rerank-model.js";

/** A JSON text in pieces whose concatenation is the body, and its length in UTF-8 bytes. */
export interface JsonChunks {
  readonly chunks: readonly string[];
  readonly byteLength: number;
}

/** A request body: one Buffer, or chunks that reference the caller's long strings instead of copying them. */
export type JsonBody = Uint8Array | JsonChunks;

/** Images at least this long are referenced rather than copied. */
export const referencedStringLength = 16 * 1024;

// Printable ASCII but `"` and `\`: such a string is its own JSON text between quotes, one byte per character.
const needsNoEscaping = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
// A NUL never survives JSON.stringify unescaped, and the random part cannot come from a caller's text.
const marker = `\u0000${randomUUID()}:`;
const placeholders = new RegExp(
  `${JSON.stringify(marker)
    .slice(1, -1)
    .replace(/[\\^$.*+?()[\]{}|-]/g, "\\$&")}(\\d+)`,
);

/**
 * The body of one call: `toBody(options)` as JSON. Inline images (long data URIs) stay out of the serialised text:
 * each becomes a chunk of its own, the caller's string itself, so a 40-image batch is never held twice more (as one
 * JSON string and its Buffer copy) while it is in flight. Everything else goes through plain `JSON.stringify`.
 */
export function jsonBody(
  options: RerankModelCallOptions,
  toBody: (options: RerankModelCallOptions) => unknown,
): JsonBody {
  const isLong = (image: string | undefined) => image !== undefined && image.length >= referencedStringLength;
  const { query, documents } = options;
  const queryImage = "image" in query ? query.image : undefined;
  if (!isLong(queryImage) && !documents.some((document) => isLong(document.image))) {
    return Buffer.from(JSON.stringify(toBody(options)));
  }
  const long: string[] = [];
  const hold = (image: string) => {
    if (!isLong(image) || !needsNoEscaping.test(image)) return image;
    long.push(image);
    return `${marker}${long.length - 1}`;
  };
  const held = {
    ...options,
    query: queryImage === undefined ? query : { image: hold(queryImage) },
    documents: documents.map((document) =>
      isLong(document.image) ? { ...document, image: hold(document.image!) } : document,
    ),
  };
  return splice(JSON.stringify(toBody(held)), long);
}

/** The serialised text with each placeholder replaced by its string, as chunks. */
function splice(text: string, long: readonly string[]): JsonChunks {
  // split() with a capture group interleaves the text between placeholders with each placeholder's index.
  const parts = text.split(placeholders);
  const chunks: string[] = [];
  let byteLength = 0;
  parts.forEach((part, position) => {
    const chunk = position % 2 === 0 ? part : long[Number(part)]!;
    chunks.push(chunk);
    byteLength += position % 2 === 0 ? Buffer.byteLength(chunk) : chunk.length;
  });
  return { chunks, byteLength };
}
