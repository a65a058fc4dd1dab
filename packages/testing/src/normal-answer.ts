import { ApiError, internalError, invalidParameter } from "./api-error.js";
import { checkRequestSize, unreadBodyError } from "./check-request-size.js";
import type { Dialect, RankRequest } from "./dialect.js";
import { requestTokens, tokenTotal } from "./input-tokens.js";
import { rankDocuments } from "./rank-documents.js";
import type { ReadBody } from "./read-body.js";
import { readCap } from "./request-limits.js";
import type { RecordedCall } from "./rerank-server.js";
import type { Answer } from "./send-answer.js";
import type { ServerConfig } from "./server-config.js";

// docs/dashscope-api.md §2.3, §10.1: DashScope's gateway limits stand in front of its routes only; the others refuse
// just what the server would not buffer. Bench mode skips the gateway limits, which cost a walk of the body.
function checkSize(dialect: Dialect, call: RecordedCall, body: ReadBody, config: ServerConfig): void {
  if (!body.kept) throw unreadBodyError(body.bytes, readCap(config.requestLimits));
  if (!dialect.dashScope || config.cannedResponse) return;
  const error = checkRequestSize(body.bytes, call.body, config.requestLimits);
  if (error !== undefined) throw error;
}

/** The request a rerank call carries, once its size, key and JSON have passed; throws {@link ApiError} otherwise. */
function admittedRequest(dialect: Dialect, call: RecordedCall, body: ReadBody, config: ServerConfig): RankRequest {
  checkSize(dialect, call, body, config);
  if (!config.authorized(call.headers.authorization)) {
    throw new ApiError(401, "InvalidApiKey", "Invalid API-key provided.");
  }
  if (call.body === undefined) throw invalidParameter("the request body is not valid JSON");
  return config.cannedResponse ? dialect.parseCheaply(call.body) : dialect.parse(call.body, config.context);
}

/** The answer to a rerank call without a fault: the ranking, or the error the real service would send. */
export function normalAnswer(dialect: Dialect, call: RecordedCall, body: ReadBody, config: ServerConfig): Answer {
  try {
    const request = admittedRequest(dialect, call, body, config);
    Object.assign(call, request.notes);
    const tokens = requestTokens(request);
    // docs/dashscope-api.md §4.2: the quota belongs to the account, here to the key that was sent.
    if (dialect.dashScope) config.quota?.admit(call.headers.authorization ?? "", tokenTotal(tokens));
    const ranking = rankDocuments(request, config.cannedResponse ? null : config.scorer, tokens);
    return { status: 200, body: dialect.render(ranking, request, call.requestId, config.context) };
  } catch (error) {
    const apiError = error instanceof ApiError ? error : internalError(error);
    const headers = apiError.headers === undefined ? {} : { headers: apiError.headers };
    return { status: apiError.status, body: dialect.renderError(apiError, call.requestId), ...headers };
  }
}
