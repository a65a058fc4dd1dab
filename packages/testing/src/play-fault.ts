import { type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import { ApiError, apiErrorForStatus } from "./api-error.js";
import type { Dialect } from "./dialect.js";
import type { Fault } from "./fault.js";
import { type Answer, sendAnswer, sendTruncated, serializeBody } from "./send-answer.js";

export interface FaultContext {
  request: IncomingMessage;
  response: ServerResponse;
  dialect: Dialect;
  requestId: string;
  /** The answer the server would give without a fault; computed only when a fault needs it. */
  normal: () => Answer;
  /** Notes what was sent; undefined when no status line was (hang, reset). */
  record: (answer: Answer | undefined) => void;
}

// What nginx in front of an API sends when the upstream fails: not JSON, and not the API's error shape.
function htmlPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
  const lines = [
    "<html>",
    `<head><title>${title}</title></head>`,
    "<body>",
    `<center><h1>${title}</h1></center>`,
    "<hr><center>nginx</center>",
    "</body>",
    "</html>",
  ];
  return lines.map((line) => `${line}\r\n`).join("");
}

/** Answers one rerank call, playing `fault` when there is one. Latency is handled by the caller. */
export function playFault(fault: Fault | undefined, context: FaultContext): void {
  const { request, response, dialect, requestId, normal, record } = context;
  const answer = faultAnswer(fault, dialect, requestId, normal);
  switch (answer.kind) {
    case "send":
      record(answer.answer);
      sendAnswer(response, answer.answer);
      break;
    case "truncate":
      record(answer.answer);
      sendTruncated(response, answer.answer);
      break;
    case "reset":
      record(undefined);
      request.socket.resetAndDestroy();
      break;
    case "hang":
      record(undefined);
      break;
  }
}

type Action = { kind: "send" | "truncate"; answer: Answer } | { kind: "reset" | "hang" };

function faultAnswer(fault: Fault | undefined, dialect: Dialect, requestId: string, normal: () => Answer): Action {
  const send = (answer: Answer): Action => ({ kind: "send", answer });
  if (fault === undefined) return send(normal());
  switch (fault.type) {
    case "latency":
      return send(normal());
    case "status": {
      const error = apiErrorForStatus(fault.status, fault.code, fault.message);
      const body = fault.body === undefined ? dialect.renderError(error, requestId) : fault.body;
      return send({ status: fault.status, body, ...(fault.headers ? { headers: fault.headers } : {}) });
    }
    case "error-in-200": {
      const fallback = apiErrorForStatus(500);
      const error = new ApiError(200, fault.code ?? fallback.code, fault.message ?? fallback.message);
      return send({ status: 200, body: dialect.renderError(error, requestId) });
    }
    case "hang":
    case "reset":
      return { kind: fault.type };
    case "truncated":
      return { kind: "truncate", answer: normal() };
    case "invalid-json": {
      const text = serializeBody(normal().body);
      return send({ status: 200, body: text.slice(0, Math.max(1, Math.floor(text.length / 2))) });
    }
    case "html": {
      const status = fault.status ?? 502;
      return send({ status, body: htmlPage(status), headers: { "content-type": "text/html" } });
    }
    case "response":
      return send({
        status: fault.status ?? 200,
        body: fault.body,
        ...(fault.headers ? { headers: fault.headers } : {}),
      });
    case "mutate": {
      const answer = normal();
      return send({ ...answer, body: fault.fn(answer.body) });
    }
    default: {
      const unknownFault: never = fault;
      throw new Error(`Unknown fault ${JSON.stringify(unknownFault)}`);
    }
  }
}
