import type { ServerResponse } from "node:http";

/** A complete HTTP answer. A string body is sent verbatim, anything else as JSON. */
export interface Answer {
  status: number;
  body: unknown;
  headers?: Readonly<Record<string, string>>;
}

export function serializeBody(body: unknown): string {
  return typeof body === "string" ? body : (JSON.stringify(body) ?? "");
}

export function sendAnswer(response: ServerResponse, { status, body, headers = {} }: Answer): void {
  const text = serializeBody(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    ...headers,
    "content-length": String(Buffer.byteLength(text)),
  });
  response.end(text);
}

/** Promises the full body in Content-Length, sends the first half, then drops the connection. */
export function sendTruncated(response: ServerResponse, { status, body }: Answer): void {
  const bytes = Buffer.from(serializeBody(body));
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(bytes.length),
  });
  // Flush the headers and the half body before the socket dies, or the client sees a plain reset instead.
  response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.socket?.destroy());
}
