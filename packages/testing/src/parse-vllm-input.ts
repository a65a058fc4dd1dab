import { ApiError, invalidParameter } from "./api-error.js";
import type { RankDocument } from "./dialect.js";
import { scorerInput } from "./lexical-score.js";
import { isRecord } from "./request-fields.js";
import type { ScorerInput } from "./scorer.js";

type Captions = Readonly<Record<string, string>>;

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

// docs/dashscope-api.md §10.6: before 0.16, `documents` is `list[str] | ScoreMultiModalParam`; pydantic's 400 lists
// why each branch of the union failed (https://github.com/vllm-project/vllm/issues/32464). Inputs are left out.
type PydanticError = readonly [type: string, location: string, message: string];

function pydanticError(...errors: PydanticError[]): ApiError {
  const listed = errors.map(
    ([type, location, message]) => `{'type': '${type}', 'loc': ${location}, 'msg': '${message}'}`,
  );
  return new ApiError(400, "InvalidParameter", `[${listed.join(", ")}]`);
}

const notMultiModal: PydanticError = [
  "dict_type",
  "('body', 'documents', 'ScoreMultiModalParam')",
  "Input should be a valid dictionary",
];

function checkOldSchema(documents: unknown): void {
  if (typeof documents === "string") {
    const notList: PydanticError = ["list_type", "('body', 'documents', 'list[str]')", "Input should be a valid list"];
    throw pydanticError(notList, notMultiModal);
  }
  if (!Array.isArray(documents)) return;
  const index = documents.findIndex((document) => typeof document !== "string");
  if (index < 0) return;
  const location = `('body', 'documents', 'list[str]', ${index})`;
  throw pydanticError(["string_type", location, "Input should be a valid string"], notMultiModal);
}

// The docs/dashscope-api.md §7.2 pitfall, reproduced on purpose for both versions: a single `{content}` object is
// not one document, each of its parts becomes a document of its own (vLLM `_normalize`). Newer vLLM may wrap it as
// one, so clients should always send a list. A test that sends one object and gets N results sees the pitfall.
function splitParts(documents: unknown, captions: Captions): RankDocument[] {
  const content = contentOf(documents, "documents");
  if (content === undefined) throw invalidParameter("documents must be a string, {content: [...]} or a list of them");
  return content.map((part, index) => ({
    input: parseParts([part], `documents.content[${index}]`, captions),
    echo: { multi_modal: [part] },
  }));
}

/** vLLM's `documents`, by the schema of `version`. */
export function parseVllmDocuments(documents: unknown, version: "0.16" | "0.15", captions: Captions): RankDocument[] {
  if (version === "0.15") checkOldSchema(documents);
  if (typeof documents === "string") return [parseDocument(documents, "documents", captions)];
  if (Array.isArray(documents)) {
    if (documents.length === 0) throw invalidParameter("documents: at least one document must be given");
    return documents.map((document, index) => parseDocument(document, `documents[${index}]`, captions));
  }
  return splitParts(documents, captions);
}

/** vLLM's `query`: a string or one `{content}` object. */
export function parseVllmQuery(query: unknown, captions: Captions): ScorerInput {
  if (typeof query === "string") return scorerInput({ texts: [query] }, captions);
  const content = contentOf(query, "query");
  if (content === undefined) throw invalidParameter("query must be a string or {content: [...]}");
  return parseParts(content, "query.content", captions);
}
