import type { ResolvedDocument, ResolvedQuery } from "../spec/rerank-document.js";

// What the JSON around one document adds: braces, keys, quotes, a comma.
const overhead = 32;
const base64Payload = /^data:[^,]*;base64,/;

/**
 * An item's share of a request body as the gateway counts it: text as UTF-8, a Base64 image at its decoded size
 * (docs/dashscope-api.md §2.3), a URL as itself.
 */
export function estimateItemBytes(item: ResolvedDocument | ResolvedQuery): number {
  const { text, image, video } = item as ResolvedDocument;
  let bytes = overhead;
  if (text !== undefined) bytes += Buffer.byteLength(text, "utf8");
  if (image !== undefined) bytes += decodedLength(image);
  if (video !== undefined) bytes += video.length;
  return bytes;
}

function decodedLength(image: string): number {
  const header = base64Payload.exec(image.slice(0, 100));
  return header ? header[0].length + Math.ceil(((image.length - header[0].length) * 3) / 4) : image.length;
}
