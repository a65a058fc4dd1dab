import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiError, invalidParameter } from "./api-error.js";
import { CallLog, flattenHeaders, parseJson } from "./call-log.js";
import type { Dialect } from "./dialect.js";
import { lexicalScore } from "./lexical-score.js";
import { resolveModelLimits } from "./model-limits.js";
import { playFault } from "./play-fault.js";
import { rankDocuments } from "./rank-documents.js";
import { readBody } from "./read-body.js";
import type { RecordedCall, RerankServer } from "./rerank-server.js";
import type { RerankServerOptions } from "./rerank-server-options.js";
import { routeDialect } from "./route-dialect.js";
import type { Scorer } from "./scorer.js";
import { type Answer, sendAnswer } from "./send-answer.js";

const defaultScorer: Scorer = (query, document) => lexicalScore(query, document);

/**
 * Starts a real HTTP server on `host:port` that answers DashScope's rerank routes (plus the compatible,
 * vLLM and Cohere shapes) with a deterministic lexical ranking, and plays queued faults.
 */
export async function startRerankServer(options: RerankServerOptions = {}): Promise<RerankServer> {
  const { host = "127.0.0.1", latencyMs = 0, captions = {}, cannedResponse = false } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024; // dashscope-api.md §2.3
  const apiKey = options.apiKey === undefined ? "test-key" : options.apiKey;
  const apiKeys = apiKey === null ? null : new Set(typeof apiKey === "string" ? [apiKey] : apiKey);
  const context = { captions, limits: resolveModelLimits(options.limits) };
  const log = new CallLog(options.requestIdPrefix ?? "00000000-0000-4000-8000-", options.recordCalls ?? true);
  let scorer = options.scorer ?? defaultScorer;

  // dashscope-api.md §1.3: `Authorization: Bearer $DASHSCOPE_API_KEY`.
  const authorized = (header: string | undefined): boolean => {
    if (apiKeys === null) return true;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
    return match?.[1] !== undefined && apiKeys.has(match[1]);
  };

  const normalAnswer = (dialect: Dialect, call: RecordedCall, tooLarge: boolean): Answer => {
    try {
      if (tooLarge) throw new ApiError(413, "BadRequest.TooLarge", `Payload Too Large: the body exceeds ${maxBodyBytes} bytes`);
      if (!authorized(call.headers.authorization)) throw new ApiError(401, "InvalidApiKey", "Invalid API-key provided.");
      if (call.body === undefined) throw invalidParameter("the request body is not valid JSON");
      const request = cannedResponse ? dialect.parseCheaply(call.body) : dialect.parse(call.body, context);
      return { status: 200, body: dialect.render(rankDocuments(request, cannedResponse ? null : scorer), request, call.requestId) };
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(500, "InternalError", `Test server failure: ${String(error)}`);
      return { status: apiError.status, body: dialect.renderError(apiError, call.requestId) };
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const dialect = routeDialect(path);
    const { text, tooLarge } = await readBody(request, maxBodyBytes);
    const call: RecordedCall = {
      method: request.method ?? "GET",
      path,
      headers: flattenHeaders(request.headers),
      body: parseJson(text),
      rawBody: text,
      dialect: dialect?.name ?? "unknown",
      requestId: log.nextRequestId(),
      response: { status: undefined },
    };
    log.record(call);
    const record = (answer: Answer | undefined): void => {
      call.response = answer === undefined ? { status: undefined } : { status: answer.status, body: answer.body };
    };
    const reply = (answer: Answer): void => {
      record(answer);
      sendAnswer(response, answer);
    };
    if (dialect === undefined) {
      return reply({ status: 404, body: { request_id: call.requestId, code: "NotFound", message: `No route for ${call.method} ${path}` } });
    }
    if (call.method !== "POST") {
      const error = new ApiError(405, "MethodNotAllowed", `${call.method} is not allowed on ${path}; use POST`);
      return reply({ status: 405, body: dialect.renderError(error, call.requestId), headers: { allow: "POST" } });
    }
    const callNumber = log.nextCallNumber();
    call.callNumber = callNumber;
    const fault = log.takeFault(call, callNumber);
    if (fault !== undefined) call.fault = fault.type;

    // A client that gives up (or close()) ends the wait; answering a dead socket would be pointless.
    const gone = new AbortController();
    response.once("close", () => gone.abort());
    const wait = latencyMs + (fault?.type === "latency" ? fault.ms : 0);
    if (wait > 0) await sleep(wait, undefined, { signal: gone.signal });
    playFault(fault, { request, response, dialect, requestId: call.requestId, normal: () => normalAnswer(dialect, call, tooLarge), record });
  };

  const httpServer = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (gaveUp(error)) return;
      if (response.headersSent) return void response.destroy();
      sendAnswer(response, { status: 500, body: { code: "InternalError", message: `Test server failure: ${String(error)}` } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port ?? 0, host, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });

  const { port } = httpServer.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      httpServer.closeAllConnections();
      httpServer.close(() => resolve());
    });
    return closing;
  };

  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    calls: log.calls,
    enqueue: (...faults) => log.enqueue(faults),
    onCall: (rule) => log.addRule(rule),
    setScorer: (next) => {
      scorer = next ?? defaultScorer;
    },
    reset: () => log.reset(),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Errors from a client hanging up mid-request or mid-wait: nobody is left to answer. */
function gaveUp(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return error.name === "AbortError" || code === "ECONNRESET" || code === "ERR_STREAM_PREMATURE_CLOSE" || error.message === "aborted";
}
