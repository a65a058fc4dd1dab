import { invalidParameter } from "./api-error.js";
import type { Dialect, RankRequest } from "./dialect.js";
import { scorerInput } from "./lexical-score.js";
import {
  cheapLength,
  isRecord,
  optionalTopN,
  requireNonEmptyArray,
  requireObjectBody,
  requireString,
} from "./request-fields.js";

const maxDocuments = 10_000; // docs/dashscope-api.md §8.2: 1–10,000 documents

// docs/dashscope-api.md §8.2
/** Cohere v2 `POST /v2/rerank`, so benchmarks can point Cohere-shaped clients here. */
export const cohereDialect: Dialect = {
  name: "cohere",
  dashScope: false,

  parse(body, { captions }): RankRequest {
    const request = requireObjectBody(body);
    const model = requireString(request.model, "model");
    const query = scorerInput({ texts: [requireString(request.query, "query")] }, captions);
    const documents = requireNonEmptyArray(request.documents, "documents").map((document, index) => {
      if (typeof document !== "string") throw invalidParameter(`documents[${index}] must be a string`);
      return { input: scorerInput({ texts: [document] }, captions), echo: undefined };
    });
    if (documents.length > maxDocuments) throw invalidParameter(`documents: at most ${maxDocuments} documents`);
    return { model, query, documents, topN: optionalTopN(request.top_n, "top_n"), returnDocuments: false };
  },

  parseCheaply(body): RankRequest {
    const request = isRecord(body) ? body : {};
    return {
      model: typeof request.model === "string" ? request.model : undefined,
      query: undefined,
      documents: Array.from({ length: cheapLength(request.documents) }, () => ({ input: undefined, echo: undefined })),
      topN: typeof request.top_n === "number" && request.top_n >= 1 ? request.top_n : undefined,
      returnDocuments: false,
    };
  },

  render({ results }, request, requestId) {
    return {
      id: requestId,
      results: results.map(({ index, score }) => ({ index, relevance_score: score })),
      // One search unit is one query with up to 100 documents (docs/dashscope-api.md §8.2 [T]).
      meta: {
        api_version: { version: "2" },
        billed_units: { search_units: Math.max(1, Math.ceil(request.documents.length / 100)) },
      },
    };
  },

  renderError(error, requestId) {
    return { id: requestId, message: error.message };
  },
};
