import type { ResolvedDocument, ResolvedQuery } from "../documents/rerank-document.js";

/** A JSON text in pieces whose concatenation is the body, and its length in UTF-8 bytes. */
export interface JsonChunks {
  readonly chunks: readonly string[];
  readonly byteLength: number;
}

// Printable ASCII but `"` and `\`: such a string is its own JSON text between quotes, and one byte per character.
const needsNoEscaping = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Strings at least this long are referenced rather than copied: inline images, in practice. */
export const referencedStringLength = 16 * 1024;

/**
 * `JSON.stringify(value)` as chunks, for bodies that carry inline images: each long string that needs no escaping
 * (a Base64 data URI always qualifies) is a chunk of its own, the caller's string itself, not a copy. Serialising a
 * 40-image batch to one string and then to a Buffer held each image twice more while the request was in flight
 * (`pnpm bench`, memory scenario). Handles plain JSON data only: no `toJSON`, Maps or cycles.
 */
export function jsonChunks(value: unknown): JsonChunks {
  const chunks: string[] = [];
  let byteLength = 0;
  let text = "";
  const write = (item: unknown): void => {
    if (typeof item === "string") {
      if (item.length < referencedStringLength || !needsNoEscaping.test(item)) {
        text += JSON.stringify(item);
        return;
      }
      chunks.push(`${text}"`, item);
      byteLength += Buffer.byteLength(chunks[chunks.length - 2]!) + item.length;
      text = '"';
    } else if (Array.isArray(item)) {
      text += "[";
      for (let index = 0; index < item.length; index++) {
        if (index > 0) text += ",";
        // As JSON.stringify: what JSON cannot hold becomes null in an array and is left out of an object.
        if (isOmitted(item[index])) text += "null";
        else write(item[index]);
      }
      text += "]";
    } else if (typeof item === "object" && item !== null) {
      text += "{";
      let first = true;
      for (const [key, member] of Object.entries(item)) {
        if (isOmitted(member)) continue;
        text += `${first ? "" : ","}${JSON.stringify(key)}:`;
        first = false;
        write(member);
      }
      text += "}";
    } else {
      text += JSON.stringify(item);
    }
  };
  write(value);
  chunks.push(text);
  byteLength += Buffer.byteLength(text);
  return { chunks, byteLength };
}

const isOmitted = (value: unknown) => value === undefined || typeof value === "function" || typeof value === "symbol";

/** Whether a request carries an image long enough for `jsonChunks` to be worth it over `JSON.stringify`. */
export function hasInlineImage(query: ResolvedQuery, documents: readonly ResolvedDocument[]): boolean {
  if ("image" in query && query.image.length >= referencedStringLength) return true;
  for (const document of documents) if (document.image !== undefined && document.image.length >= referencedStringLength) return true;
  return false;
}

/**
 * What to send for `body`: chunks when it carries inline images, so they are never copied; else one Buffer, because
 * undici would copy a string into one on every attempt anyway.
 */
export function serializeBody(body: unknown, query: ResolvedQuery, documents: readonly ResolvedDocument[]): Uint8Array | JsonChunks {
  return hasInlineImage(query, documents) ? jsonChunks(body) : Buffer.from(JSON.stringify(body));
}
