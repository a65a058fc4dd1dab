import { invalidParameter } from "./api-error.js";
import type { RankDocument } from "./dialect.js";
import { enforceItemLimits, type ItemLimitContext } from "./enforce-item-limits.js";
import { scorerInput } from "./lexical-score.js";
import type { ModelLimits } from "./model-limits.js";
import { isRecord, requireNonEmptyArray, requireString } from "./request-fields.js";
import type { ScorerInput } from "./scorer.js";
import { isImageReference, isVideoUrl } from "./validate-media.js";

type Captions = Readonly<Record<string, string>>;
const documentKeys = new Set(["text", "image", "video"]);

// docs/dashscope-api.md §2.5: `{text}` and `{image}` queries are [T]; video and mixed queries are undocumented,
// so they are refused rather than guessed at.
function parseQuery(query: unknown, limits: ModelLimits, captions: Captions): ScorerInput {
  if (typeof query === "string") return scorerInput({ texts: [requireString(query, "input.query")] }, captions);
  if (limits.kind === "multimodal" && isRecord(query) && Object.keys(query).length === 1) {
    if ("text" in query) return scorerInput({ texts: [requireString(query.text, "input.query.text")] }, captions);
    if ("image" in query) {
      if (!isImageReference(query.image))
        throw invalidParameter("input.query.image must be an http(s) URL or a data:image/<format>;base64 URI");
      return scorerInput({ images: [query.image] }, captions);
    }
  }
  throw invalidParameter(
    limits.kind === "multimodal"
      ? "input.query must be a non-empty string, {text} or {image}"
      : "input.query must be a non-empty string",
  );
}

function parseDocument(document: unknown, index: number, limits: ModelLimits, captions: Captions): RankDocument {
  const field = `input.documents[${index}]`;
  if (typeof document === "string")
    return { input: scorerInput({ texts: [document] }, captions), echo: { text: document } };
  // docs/dashscope-api.md §2.4: text models take plain strings only.
  if (limits.kind === "text") throw invalidParameter(`${field} must be a string for this model`);
  const keys = isRecord(document) ? Object.keys(document) : [];
  if (!isRecord(document) || keys.length === 0 || keys.some((key) => !documentKeys.has(key))) {
    throw invalidParameter(`${field} must be a string or an object with text, image and/or video`);
  }
  const { text, image, video } = document;
  if (text !== undefined && typeof text !== "string") throw invalidParameter(`${field}.text must be a string`);
  if (image !== undefined && !isImageReference(image)) {
    throw invalidParameter(
      `${field}.image must be an http(s) URL or a data:image/<format>;base64 URI of a supported format`,
    );
  }
  if (video !== undefined && !isVideoUrl(video)) throw invalidParameter(`${field}.video must be an http(s) URL`);
  return {
    input: scorerInput(
      {
        texts: text === undefined ? [] : [text],
        images: image === undefined ? [] : [image],
        videos: video === undefined ? [] : [video],
      },
      captions,
    ),
    // What `document` holds for image/video results is unverified (docs/dashscope-api.md §9.3); echoing
    // the keys that were sent is the guess the core must not rely on (docs/dashscope-api.md §3.1 recommendation).
    echo: {
      ...(text === undefined ? {} : { text }),
      ...(image === undefined ? {} : { image }),
      ...(video === undefined ? {} : { video }),
    },
  };
}

// docs/dashscope-api.md §2.2 caps. How mixed documents count is [?] (docs/dashscope-api.md §9.7): a document
// with several keys counts once under each modality it carries, the stricter reading, so a client that passes
// here passes there.
function enforceCaps(documents: readonly RankDocument[], model: string, limits: ModelLimits): void {
  if (limits.kind === "text") {
    if (documents.length > limits.text) {
      throw invalidParameter(
        `input.documents: at most ${limits.text} documents per request for ${model}, got ${documents.length}`,
      );
    }
    return;
  }
  const counts = { text: 0, image: 0, video: 0 };
  for (const { input } of documents) {
    if (input?.text !== undefined) counts.text++;
    if ((input?.images.length ?? 0) > 0) counts.image++;
    if ((input?.videos.length ?? 0) > 0) counts.video++;
  }
  for (const modality of ["text", "image", "video"] as const) {
    if (counts[modality] > limits[modality]) {
      const cap = `at most ${limits[modality]} ${modality} documents per request for ${model}`;
      throw invalidParameter(`input.documents: ${cap}, got ${counts[modality]}`);
    }
  }
}

// docs/dashscope-api.md §2.1–2.5, §10.2
/**
 * Validates `input` of a native request for `model` and applies its per-item limits.
 * See https://www.alibabacloud.com/help/en/model-studio/text-rerank-api.
 */
export function parseNativeInput(
  input: unknown,
  model: string,
  context: ItemLimitContext,
): { query: ScorerInput; documents: RankDocument[]; truncated: Array<number | "query"> } {
  const { limits, captions } = context;
  if (!isRecord(input)) throw invalidParameter("input must be an object with query and documents");
  const query = parseQuery(input.query, limits, captions);
  const documents = requireNonEmptyArray(input.documents, "input.documents").map((document, index) =>
    parseDocument(document, index, limits, captions),
  );
  enforceCaps(documents, model, limits);
  return enforceItemLimits(query, documents, context);
}
