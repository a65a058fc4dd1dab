import type { IncomingMessage } from "node:http";

/** A request body as read: its text when it was kept, and its size in bytes either way. */
export interface ReadBody {
  text: string;
  bytes: number;
  /** False when the body was over the read cap: it was drained, not kept, and `text` is empty. */
  kept: boolean;
}

/**
 * Reads the whole body. Past `maxBytes` it keeps draining without buffering, so a huge upload costs no memory:
 * answering 413 while the client is still uploading would make many clients report a write error instead.
 */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<ReadBody> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes <= maxBytes) chunks.push(chunk);
    else chunks.length = 0;
  }
  const kept = bytes <= maxBytes;
  return { text: kept ? Buffer.concat(chunks).toString("utf8") : "", bytes, kept };
}
