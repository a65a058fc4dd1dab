import { invalidParameter } from "./api-error.js";
import type { Dialect, RankDocument, RankRequest } from "./dialect.js";
import { scorerInput } from "./lexical-score.js";
import { cheapLength, isRecord, optionalString, optionalTopN, requireObjectBody } from "./request-fields.js";
import type { ScorerInput } from "./scorer.js";

type Captions = Readonly<Record<string, string>>;
const servedModel = "Qwen/Qwen3-VL-Reranker-2B";

function urlOf(part: Record<string, unknown>, key: "image_url" | "video_url", field: string): string {
  const holder = part[key];
  if (!isRecord(holder) || typeof holder.url !== "string")
    throw invalidParameter(`${field}.${key}.url must be a string`);
  return holder.url;
}

// docs/dashscope-api.md §7.2: content parts are `text`, `image_url` and `video_url`, as in chat messages.
function parseParts(parts: readonly unknown[], field: string, captions: Captions): ScorerInput {
  const texts: string[] = [];
  const images: string[] = [];
  const videos: string[] = [];
  parts.forEach((part, index) => {
    const partField = `${field}[${index}]`;
    if (!isRecord(part)) throw invalidParameter(`${partField} must be a content part object`);
    if (part.type === "text" && typeof part.text === "string") texts.push(part.text);
    else if (part.type === "image_url") images.push(urlOf(part, "image_url", partField));
    else if (part.type === "video_url") videos.push(urlOf(part, "video_url", partField));
    else throw invalidParameter(`${partField} must be a text, image_url or video_url part`);
  });
  return scorerInput({ texts, images, videos }, captions);
}

function contentOf(value: unknown, field: string): unknown[] | undefined {
  if (!isRecord(value)) return undefined;
  if (!Array.isArray(value.content) || value.content.length === 0)
    throw invalidParameter(`${field}.content must be a non-empty array`);
  return value.content;
}

function parseDocument(document: unknown, field: string, captions: Captions): RankDocument {
  if (typeof document === "string")
    return { input: scorerInput({ texts: [document] }, captions), echo: { text: document } };
  const content = contentOf(document, field);
  if (content === undefined) throw invalidParameter(`${field} must be a string or {content: [...]}`);
  return { input: parseParts(content, `${field}.content`, captions), echo: { multi_modal: content } };
}

function parseDocuments(documents: unknown, captions: Captions): RankDocument[] {
  if (typeof documents === "string") return [parseDocument(documents, "documents", captions)];
  if (Array.isArray(documents)) {
    if (documents.length === 0) throw invalidParameter("documents: at least one document must be given");
    return documents.map((document, index) => parseDocument(document, `documents[${index}]`, captions));
  }
  // The docs/dashscope-api.md §7.2 pitfall, reproduced on purpose: a single `{content}` object is not one
  // document, each of its parts becomes a document of its own (vLLM `_normalize`; newer vLLM wraps it as one,
  // so clients should always send a list). A test that sends one object and gets N results is seeing the real
  // behaviour.
  const content = contentOf(documents, "documents");
  if (content === undefined) throw invalidParameter("documents must be a string, {content: [...]} or a list of them");
  return content.map((part, index) => ({
    input: parseParts([part], `documents.content[${index}]`, captions),
    echo: { multi_modal: [part] },
  }));
}

function parseQuery(query: unknown, captions: Captions): ScorerInput {
  if (typeof query === "string") return scorerInput({ texts: [query] }, captions);
  const content = contentOf(query, "query");
  if (content === undefined) throw invalidParameter("query must be a string or {content: [...]}");
  return parseParts(content, "query.content", captions);
}

const errorTypes: Readonly<Record<number, string>> = {
  400: "BadRequestError",
  404: "NotFoundError",
  429: "TooManyRequestsError",
};

// docs/dashscope-api.md §7.2
/** vLLM's Jina/Cohere-style `POST /v1/rerank` and `POST /rerank` (https://github.com/vllm-project/vllm). */
export const vllmDialect: Dialect = {
  name: "vllm",

  parse(body, { captions }): RankRequest {
    const request = requireObjectBody(body);
    return {
      // vLLM serves one model and only checks the name when one is given; any name passes here.
      model: optionalString(request.model, "model"),
      query: parseQuery(request.query, captions),
      documents: parseDocuments(request.documents, captions),
      topN: optionalTopN(request.top_n, "top_n", 0) || undefined,
      returnDocuments: true,
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

  render({ results, totalTokens }, request, requestId) {
    return {
      id: `rerank-${requestId}`,
      model: request.model ?? servedModel,
      usage: { prompt_tokens: totalTokens, total_tokens: totalTokens },
      results: results.map(({ index, score, echo }) => ({ index, document: echo, relevance_score: score })),
    };
  },

  // vLLM's OpenAI-style ErrorResponse `{error: {message, type, param, code}}`; its API-key middleware
  // answers a bare `{"error": "Unauthorized"}`. Both are vLLM source facts, not in docs/dashscope-api.md.
  renderError(error) {
    if (error.status === 401) return { error: "Unauthorized" };
    const type = errorTypes[error.status] ?? (error.status >= 500 ? "InternalServerError" : "BadRequestError");
    return { error: { message: error.message, type, param: null, code: error.status } };
  },
};
