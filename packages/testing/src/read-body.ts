import type { IncomingMessage } from "node:http";

/**
 * Reads the whole body. Past `maxBytes` it keeps draining without buffering: answering 413 while the
 * client is still uploading would make many clients report a write error instead of the 413.
 */
export async function readBody(
  request: IncomingMessage,
  maxBytes: number,
): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxBytes) chunks.push(chunk);
    else chunks.length = 0;
  }
  const tooLarge = size > maxBytes;
  return { text: tooLarge ? "" : Buffer.concat(chunks).toString("utf8"), tooLarge };
}
