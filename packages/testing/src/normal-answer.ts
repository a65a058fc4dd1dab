import { ApiError, internalError, invalidParameter } from "./api-error.js";
import type { Dialect, RankRequest } from "./dialect.js";
import { rankDocuments } from "./rank-documents.js";
import type { RecordedCall } from "./rerank-server.js";
import type { Answer } from "./send-answer.js";
import type { ServerConfig } from "./server-config.js";

/** The request a rerank call carries, once its size, key and JSON have passed; throws {@link ApiError} otherwise. */
function admittedRequest(dialect: Dialect, call: RecordedCall, tooLarge: boolean, config: ServerConfig): RankRequest {
  if (tooLarge) {
    const message = `Payload Too Large: the body exceeds ${config.maxBodyBytes} bytes`;
    throw new ApiError(413, "BadRequest.TooLarge", message);
  }
  if (!config.authorized(call.headers.authorization)) {
    throw new ApiError(401, "InvalidApiKey", "Invalid API-key provided.");
  }
  if (call.body === undefined) throw invalidParameter("the request body is not valid JSON");
  return config.cannedResponse ? dialect.parseCheaply(call.body) : dialect.parse(call.body, config.context);
}

/** The answer to a rerank call without a fault: the ranking, or the error the real service would send. */
export function normalAnswer(dialect: Dialect, call: RecordedCall, tooLarge: boolean, config: ServerConfig): Answer {
  try {
    const request = admittedRequest(dialect, call, tooLarge, config);
    const ranking = rankDocuments(request, config.cannedResponse ? null : config.scorer);
    return { status: 200, body: dialect.render(ranking, request, call.requestId) };
  } catch (error) {
    const apiError = error instanceof ApiError ? error : internalError(error);
    return { status: apiError.status, body: dialect.renderError(apiError, call.requestId) };
  }
}
