import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { internalError } from "./api-error.js";
import type { RequestHandler } from "./request-handler.js";
import { sendAnswer } from "./send-answer.js";

/** A listening `node:http` server, reduced to what `RerankServer` exposes. */
export interface HttpListener {
  readonly port: number;
  /** Drops every connection, hanging ones included, then stops listening; later calls share the first. */
  close(): Promise<void>;
}

/** Errors from a client hanging up mid-request or mid-wait: nobody is left to answer. */
function gaveUp(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ECONNRESET" || code === "ERR_STREAM_PREMATURE_CLOSE") return true;
  return error.name === "AbortError" || error.message === "aborted";
}

function answerFailure(response: ServerResponse, error: unknown): void {
  if (gaveUp(error)) return;
  if (response.headersSent) return void response.destroy();
  const { code, message } = internalError(error);
  sendAnswer(response, { status: 500, body: { code, message } });
}

/** Serves `handle` on `host:port` (0 picks a free port) once the port is bound. */
export async function listenHttp(handle: RequestHandler, port: number, host: string): Promise<HttpListener> {
  const httpServer = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => answerFailure(response, error));
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      httpServer.closeAllConnections();
      httpServer.close(() => resolve());
    });
    return closing;
  };
  return { port: (httpServer.address() as AddressInfo).port, close };
}
