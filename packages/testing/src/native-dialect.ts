import { ApiError, invalidParameter } from "./api-error.js";
import { dashScopeUsage } from "./dashscope-usage.js";
import type { Dialect, RankRequest } from "./dialect.js";
import { parseNativeInput } from "./parse-native-input.js";
import {
  cheapLength,
  isRecord,
  optionalBoolean,
  optionalString,
  optionalTopN,
  requireObjectBody,
  requireString,
} from "./request-fields.js";
import { requestNotes } from "./request-notes.js";

function readParameters(body: Record<string, unknown>): Record<string, unknown> {
  const { parameters } = body;
  if (parameters === undefined || parameters === null) return {};
  if (!isRecord(parameters)) throw invalidParameter("parameters must be an object");
  return parameters;
}

// docs/dashscope-api.md §1.1, §2, §3.1
/**
 * `POST /api/v1/services/rerank/text-rerank/text-rerank`.
 * See https://www.alibabacloud.com/help/en/model-studio/text-rerank-api.
 */
export const nativeDialect: Dialect = {
  name: "native",
  dashScope: true,

  parse(body, context): RankRequest {
    const request = requireObjectBody(body);
    const model = requireString(request.model, "model");
    const modelLimits = context.limits.get(model);
    if (modelLimits === undefined) throw new ApiError(404, "ModelNotFound", `Model not exist: ${model}`);
    const itemContext = { limits: modelLimits, overlongItems: context.overlongItems, captions: context.captions };
    const { query, documents, truncated } = parseNativeInput(request.input, model, itemContext);
    const parameters = readParameters(request);
    const instruction = optionalString(parameters.instruct, "parameters.instruct");
    const { fps } = parameters;
    // docs/dashscope-api.md §2.6: the fps range is [?]; [0, 1] follows multimodal embedding and esperanto.
    if (fps !== undefined && fps !== null && (typeof fps !== "number" || !(fps >= 0 && fps <= 1))) {
      throw invalidParameter("parameters.fps must be a number between 0 and 1");
    }
    // Unknown parameters pass: the Python and Node SDKs forward extra kwargs into `parameters`
    // (docs/dashscope-api.md §5.1, §5.2).
    return {
      model,
      query,
      documents,
      topN: optionalTopN(parameters.top_n, "parameters.top_n"),
      returnDocuments: optionalBoolean(parameters.return_documents, "parameters.return_documents") ?? false,
      notes: requestNotes({ instruction, truncated }),
    };
  },

  parseCheaply(body): RankRequest {
    const request = isRecord(body) ? body : {};
    const input = isRecord(request.input) ? request.input : {};
    const parameters = isRecord(request.parameters) ? request.parameters : {};
    const documents = Array.isArray(input.documents) ? input.documents : [];
    return {
      model: typeof request.model === "string" ? request.model : undefined,
      query: undefined,
      documents: Array.from({ length: cheapLength(documents) }, (_, index) => {
        const document: unknown = documents[index];
        return { input: undefined, echo: typeof document === "string" ? { text: document } : document };
      }),
      topN: typeof parameters.top_n === "number" && parameters.top_n >= 1 ? parameters.top_n : undefined,
      returnDocuments: parameters.return_documents === true,
    };
  },

  render({ results, tokens }, request, requestId, context) {
    return {
      output: {
        results: results.map(({ index, score, echo }) => ({
          index,
          relevance_score: score,
          ...(request.returnDocuments ? { document: echo } : {}),
        })),
      },
      usage: dashScopeUsage(tokens, request, context),
      request_id: requestId,
    };
  },

  // docs/dashscope-api.md §4.1 [V]: non-2xx bodies are `{request_id, code, message}`.
  renderError(error, requestId) {
    return { request_id: requestId, code: error.code, message: error.message };
  },
};
