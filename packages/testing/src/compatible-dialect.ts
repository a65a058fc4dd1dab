import { ApiError, invalidParameter } from "./api-error.js";
import { dashScopeUsage } from "./dashscope-usage.js";
import type { Dialect, ParseContext, RankRequest } from "./dialect.js";
import { enforceItemLimits } from "./enforce-item-limits.js";
import { scorerInput } from "./lexical-score.js";
import type { ModelLimits } from "./model-limits.js";
import {
  cheapLength,
  isRecord,
  optionalBoolean,
  optionalString,
  optionalTopN,
  requireNonEmptyArray,
  requireObjectBody,
  requireString,
} from "./request-fields.js";
import { requestNotes } from "./request-notes.js";

// docs/dashscope-api.md §1.2: "Supported model: qwen3-rerank only" [V], qwen3.7-text-rerank too [T LiteLLM];
// gte-rerank-v2 and qwen3-vl-rerank must use the native endpoint (§1.1).
const nativeOnly = new Set(["gte-rerank-v2"]);
const maxDocuments = 500; // docs/dashscope-api.md §1.2 body table: documents ≤500

// The docs/dashscope-api.md §4.1 table gives compatible-mode spellings for the first three; the last two
// follow DashScope's compatible-mode chat errors [T]. Any other code is sent as DashScope spells it.
const compatibleCodes: Readonly<Record<string, string>> = {
  InvalidApiKey: "invalid_api_key",
  DataInspectionFailed: "data_inspection_failed",
  "Throttling.AllocationQuota": "insufficient_quota",
  InvalidParameter: "invalid_parameter_error",
  ModelNotFound: "model_not_found",
};

// docs/dashscope-api.md §10.5: the real refusal of qwen3-vl-rerank here. Its status is not recorded; 400 is a guess.
// gte-rerank-v2 is refused the same way on the guess that any model not wired for this mode is.
function servedLimits(model: string, { limits }: ParseContext): ModelLimits {
  const modelLimits = limits.get(model);
  if (modelLimits === undefined) {
    throw new ApiError(404, "ModelNotFound", `Model ${model} is not served by /compatible-api/v1/reranks`);
  }
  if (modelLimits.kind === "multimodal" || nativeOnly.has(model)) {
    throw new ApiError(400, "model_not_supported", `Unsupported model \`${model}\` for OpenAI compatibility mode.`);
  }
  return modelLimits;
}

// docs/dashscope-api.md §1.2, §3.2
/**
 * `POST /compatible-api/v1/reranks`: flat body, no `output` wrapper.
 * See https://www.alibabacloud.com/help/en/model-studio/text-rerank-api.
 */
export const compatibleDialect: Dialect = {
  name: "compatible",
  dashScope: true,

  parse(body, context): RankRequest {
    const request = requireObjectBody(body);
    const model = requireString(request.model, "model");
    const limits = servedLimits(model, context);
    const { captions } = context;
    const parsedQuery = scorerInput({ texts: [requireString(request.query, "query")] }, captions);
    const parsedDocuments = requireNonEmptyArray(request.documents, "documents").map((document, index) => {
      if (typeof document !== "string") throw invalidParameter(`documents[${index}] must be a string`);
      return { input: scorerInput({ texts: [document] }, captions), echo: { text: document } };
    });
    if (parsedDocuments.length > maxDocuments) {
      throw invalidParameter(`documents: at most ${maxDocuments} documents per request, got ${parsedDocuments.length}`);
    }
    const instruction = optionalString(request.instruct, "instruct");
    const itemContext = { limits, overlongItems: context.overlongItems, captions };
    const { query, documents, truncated } = enforceItemLimits(parsedQuery, parsedDocuments, itemContext);
    return {
      model,
      query,
      documents,
      topN: optionalTopN(request.top_n, "top_n"),
      // Not in the QC-OAI body table, but the response documents it and LiteLLM saw it work
      // (docs/dashscope-api.md §1.2 [T]).
      returnDocuments: optionalBoolean(request.return_documents, "return_documents") ?? false,
      notes: requestNotes({ instruction, truncated }),
    };
  },

  parseCheaply(body): RankRequest {
    const request = isRecord(body) ? body : {};
    const documents = Array.isArray(request.documents) ? request.documents : [];
    return {
      model: typeof request.model === "string" ? request.model : undefined,
      query: undefined,
      documents: Array.from({ length: cheapLength(documents) }, (_, index) => ({
        input: undefined,
        echo: { text: documents[index] },
      })),
      topN: typeof request.top_n === "number" && request.top_n >= 1 ? request.top_n : undefined,
      returnDocuments: request.return_documents === true,
    };
  },

  render({ results, tokens }, request, requestId, context) {
    return {
      id: requestId,
      object: "list",
      model: request.model,
      results: results.map(({ index, score, echo }) => ({
        index,
        relevance_score: score,
        ...(request.returnDocuments ? { document: echo } : {}),
      })),
      usage: dashScopeUsage(tokens, request, context),
    };
  },

  // The doc has no compatible-endpoint error sample. The snake_case codes of docs/dashscope-api.md §4.1 are
  // OpenAI-style, so the OpenAI envelope is used, plus DashScope's request_id. Unverified: clients should read
  // both shapes.
  renderError(error, requestId) {
    return {
      error: {
        message: error.message,
        type: error.status >= 500 ? "server_error" : "invalid_request_error",
        param: null,
        code: compatibleCodes[error.code] ?? error.code,
      },
      request_id: requestId,
    };
  },
};
