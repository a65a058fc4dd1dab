import { InvalidArgumentError } from "../spec/errors/invalid-argument-error.js";
import type { RerankDocument, ResolvedDocument } from "../spec/rerank-document.js";
import type { RerankWarning } from "../spec/rerank-warning.js";
import { documentWarnings } from "./document-warnings.js";
import { imageWarnings } from "./image-call.js";
import { resolveMedia } from "./resolve-media.js";
import { hasText, type ResolveOptions } from "./resolve-options.js";

export interface ResolvedDocuments {
  /** One per caller's document; `{}` for the ones listed in `empty`. */
  documents: ResolvedDocument[];
  /** Caller's indices of the documents with nothing to score, ascending. */
  empty: number[];
  warnings: RerankWarning[];
}

type Resolved = ResolvedDocument | "empty";

/** Validates every document and turns its media into what goes on the wire, awaiting only what must be read. */
export async function resolveDocuments(
  documents: readonly RerankDocument[],
  options: ResolveOptions,
): Promise<ResolvedDocuments> {
  const resolved: ResolvedDocument[] = new Array(documents.length);
  const empty: number[] = [];
  const skipped: string[] = [];
  const pending: Array<Promise<void>> = [];
  let mixed = 0;
  const settle = (index: number, result: Resolved) => {
    resolved[index] = result === "empty" ? {} : result;
    if (result === "empty") empty.push(index);
  };
  // A for loop, not forEach: forEach skips the holes of a sparse array, which would drop those positions silently.
  for (let index = 0; index < documents.length; index++) {
    const document = documents[index];
    const result = resolveDocument(document, `documents[${index}]`, options, skipped);
    if (result instanceof Promise) pending.push(result.then((value) => settle(index, value)));
    else settle(index, result);
    if (isMixed(document)) mixed++;
  }
  if (pending.length > 0) await Promise.all(pending);
  empty.sort((a, b) => a - b);
  const warnings = documentWarnings({ mixed, empty: empty.length, skipped }, options);
  // After the documents' own warnings, and once the query's image is done too (see image-call.ts).
  warnings.push(...(await imageWarnings(options)));
  return { documents: resolved, empty, warnings };
}

function resolveDocument(
  document: unknown,
  argument: string,
  options: ResolveOptions,
  skipped: string[],
): Resolved | Promise<Resolved> {
  if (typeof document === "string") return hasText(document) ? { text: document } : emptyDocument(argument, options);
  if (typeof document !== "object" || document === null) {
    const message = "a document must be a string or an object with text, image or video.";
    throw new InvalidArgumentError({ argument, message });
  }
  const { text, image, video } = document as Exclude<RerankDocument, string>;
  const textPart = hasText(text) ? text : undefined;
  if (image == null && video == null)
    return textPart === undefined ? emptyDocument(argument, options) : { text: textPart };
  // Media that cannot be used: refused, or (invalidMedia: "skip") left out so the document goes on with its text.
  const fallBack = (error: unknown): Resolved => {
    if (options.invalidMedia !== "skip" || !InvalidArgumentError.isInstance(error)) throw error;
    skipped.push(error.message);
    return textPart === undefined ? emptyDocument(argument, options, error) : { text: textPart };
  };
  try {
    const media = resolveMedia({ text: textPart, image, video }, argument, options);
    return media instanceof Promise ? media.catch(fallBack) : media;
  } catch (error) {
    return fallBack(error);
  }
}

function emptyDocument(argument: string, options: ResolveOptions, cause?: InvalidArgumentError): "empty" {
  if (options.emptyDocuments === "rankLast") return "empty";
  if (cause) throw cause;
  throw new InvalidArgumentError({ argument, message: "a document needs non-empty text, an image or a video." });
}

function isMixed(document: unknown): boolean {
  if (typeof document !== "object" || document === null) return false;
  const { text, image, video } = document as Exclude<RerankDocument, string>;
  return hasText(text) && (image != null || video != null);
}
