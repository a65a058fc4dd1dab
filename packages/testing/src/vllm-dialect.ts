import type { Dialect, RankRequest } from "./dialect.js";
import { fitVllmPairs } from "./fit-vllm-pairs.js";
import { tokenTotal } from "./input-tokens.js";
import { parseVllmDocuments, parseVllmQuery } from "./parse-vllm-input.js";
import { cheapLength, isRecord, optionalString, optionalTopN, requireObjectBody } from "./request-fields.js";
import { requestNotes } from "./request-notes.js";
import { readVllmTruncation } from "./vllm-truncation.js";

const servedModel = "Qwen/Qwen3-VL-Reranker-2B";

// vllm/entrypoints/pooling/scoring/protocol.py and pooling/base/protocol.py (docs/dashscope-api.md §10.6): the
// fields RerankRequest declares. vLLM accepts any other and only logs it.
const knownFields = new Set([
  "model",
  "user",
  "query",
  "documents",
  "top_n",
  "instruction",
  "max_tokens_per_doc",
  "max_tokens_per_query",
  "truncate_prompt_tokens",
  "truncation_side",
  "padding",
  "request_id",
  "priority",
  "mm_processor_kwargs",
  "chat_template_kwargs",
  "cache_salt",
  "use_activation",
]);

const errorTypes: Readonly<Record<number, string>> = {
  400: "BadRequestError",
  404: "NotFoundError",
  429: "TooManyRequestsError",
};

// docs/dashscope-api.md §7.2, §10.6
/** vLLM's Jina/Cohere-style `POST /v1/rerank` and `POST /rerank` (https://github.com/vllm-project/vllm). */
export const vllmDialect: Dialect = {
  name: "vllm",
  dashScope: false,

  parse(body, { captions, vllm }): RankRequest {
    const request = requireObjectBody(body);
    // vLLM serves one model and only checks the name when one is given; any name passes here.
    const model = optionalString(request.model, "model");
    // https://github.com/vllm-project/vllm/pull/42412: the Qwen3-VL-Reranker chat template reads it.
    const instruction = optionalString(request.instruction, "instruction");
    const topN = optionalTopN(request.top_n, "top_n", 0) || undefined;
    const truncation = readVllmTruncation(request, vllm.maxModelLength);
    const parsedQuery = parseVllmQuery(request.query, captions);
    const parsedDocuments = parseVllmDocuments(request.documents, vllm.version, captions);
    const { query, documents, truncated } = fitVllmPairs(parsedQuery, parsedDocuments, truncation, vllm, captions);
    const ignoredFields = Object.keys(request).filter((field) => !knownFields.has(field));
    return {
      model,
      query,
      documents,
      topN,
      returnDocuments: true,
      notes: requestNotes({ instruction, ignoredFields, truncated }),
    };
  },

  parseCheaply(body): RankRequest {
    const request = isRecord(body) ? body : {};
    const count = cheapLength(request.documents) || 1;
    return {
      model: typeof request.model === "string" ? request.model : undefined,
      query: undefined,
      documents: Array.from({ length: count }, () => ({ input: undefined, echo: {} })),
      topN: typeof request.top_n === "number" && request.top_n >= 1 ? request.top_n : undefined,
      returnDocuments: true,
    };
  },

  render({ results, tokens }, request, requestId) {
    const total = tokenTotal(tokens);
    return {
      id: `score-${requestId}`,
      model: request.model ?? servedModel,
      usage: { prompt_tokens: total, total_tokens: total },
      results: results.map(({ index, score, echo }) => ({ index, document: echo, relevance_score: score })),
    };
  },

  // vLLM's OpenAI-style ErrorResponse `{error: {message, type, param, code}}`
  // (https://github.com/vllm-project/vllm/pull/22099); its `--api-key` middleware answers a bare
  // `{"error": "Unauthorized"}`.
  renderError(error) {
    if (error.status === 401) return { error: "Unauthorized" };
    const type = errorTypes[error.status] ?? (error.status >= 500 ? "InternalServerError" : "BadRequestError");
    return { error: { message: error.message, type, param: error.param ?? null, code: error.status } };
  },
};
