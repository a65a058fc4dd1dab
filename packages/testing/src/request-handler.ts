import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { ApiError } from "./api-error.js";
import { type CallLog, flattenHeaders, parseJson } from "./call-log.js";
import type { Dialect } from "./dialect.js";
import type { Fault } from "./fault.js";
import { normalAnswer } from "./normal-answer.js";
import { playFault } from "./play-fault.js";
import { readBody } from "./read-body.js";
import { readCap } from "./request-limits.js";
import type { RecordedCall } from "./rerank-server.js";
import { routeDialect } from "./route-dialect.js";
import { type Answer, sendAnswer } from "./send-answer.js";
import type { ServerConfig } from "./server-config.js";

/** Answers one HTTP request; a rejection is a failure nobody answered yet (see `listenHttp`). */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** Where a request goes: its path without the query string, and the dialect served there, if any. */
interface Route {
  path: string;
  dialect: Dialect | undefined;
}

function recordIncoming(log: CallLog, request: IncomingMessage, text: string, { path, dialect }: Route): RecordedCall {
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
  return call;
}

/** 404 for a path no dialect serves; 405 for a method other than POST on a path one does. */
function refusal(call: RecordedCall, dialect: Dialect | undefined): Answer {
  if (dialect === undefined) {
    const message = `No route for ${call.method} ${call.path}`;
    return { status: 404, body: { request_id: call.requestId, code: "NotFound", message } };
  }
  const error = new ApiError(405, "MethodNotAllowed", `${call.method} is not allowed on ${call.path}; use POST`);
  return { status: 405, body: dialect.renderError(error, call.requestId), headers: { allow: "POST" } };
}

/** Numbers a rerank call and gives it its fault: the next queued one, else the first rule's. */
function takeFault(call: RecordedCall, log: CallLog): Fault | undefined {
  const callNumber = log.nextCallNumber();
  call.callNumber = callNumber;
  const fault = log.takeFault(call, callNumber);
  if (fault !== undefined) call.fault = fault.type;
  return fault;
}

// A client that gives up (or close()) ends the wait; answering a dead socket would be pointless.
async function waitBeforeAnswering(response: ServerResponse, ms: number): Promise<void> {
  if (ms <= 0) return;
  const gone = new AbortController();
  response.once("close", () => gone.abort());
  await sleep(ms, undefined, { signal: gone.signal });
}

/** Routes, records and answers every request the server receives. */
export function requestHandler(config: ServerConfig, log: CallLog): RequestHandler {
  return async (request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const dialect = routeDialect(path);
    const body = await readBody(request, readCap(config.requestLimits));
    const call = recordIncoming(log, request, body.text, { path, dialect });
    const record = (answer: Answer | undefined): void => {
      call.response = answer === undefined ? { status: undefined } : { status: answer.status, body: answer.body };
    };
    if (dialect === undefined || call.method !== "POST") {
      const answer = refusal(call, dialect);
      record(answer);
      return sendAnswer(response, answer);
    }
    const fault = takeFault(call, log);
    await waitBeforeAnswering(response, config.latencyMs + (fault?.type === "latency" ? fault.ms : 0));
    const normal = (): Answer => normalAnswer(dialect, call, body, config);
    playFault(fault, { request, response, dialect, requestId: call.requestId, normal, record });
  };
}
