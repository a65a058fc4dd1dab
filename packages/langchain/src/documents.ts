import { Document, type DocumentInterface } from "@langchain/core/documents";

/** A new document with the same content and id, and a one-level copy of the metadata plus `extra`. */
export function copyDocument(document: DocumentInterface, extra: Record<string, unknown>): Document {
  return new Document({
    pageContent: document.pageContent,
    id: document.id,
    metadata: { ...document.metadata, ...extra },
  });
}

/** What `rerank()` accepts, read as a document. */
export function asDocument(document: DocumentInterface | string | Record<string, unknown>): DocumentInterface {
  if (typeof document === "string") return { pageContent: document, metadata: {} };
  if (isDocument(document)) return document;
  // A plain record reads like metadata: `text` is the text and the image/video keys apply as usual.
  return { pageContent: typeof document.text === "string" ? document.text : "", metadata: document };
}

function isDocument(value: DocumentInterface | Record<string, unknown>): value is DocumentInterface {
  return typeof value.pageContent === "string" && typeof value.metadata === "object" && value.metadata !== null;
}

/** One signal that aborts when any of the given ones does; undefined when none is given. */
export function anySignal(...signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const given = signals.filter((signal) => signal !== undefined);
  return given.length <= 1 ? given[0] : AbortSignal.any(given);
}
