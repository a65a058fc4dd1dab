import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import type { RerankModelLimits } from "../rerank/rerank-model.js";
import { mayHaveDuplicates } from "./may-have-duplicates.js";
import type { RerankDocument, RerankQuery, RerankWarning, ResolvedDocument, ResolvedQuery, VideoInput } from "./rerank-document.js";
import { resolveImage } from "./resolve-image.js";

/** What to send for a document that has both text and media. */
export type MixedContent = "media" | "text" | "both";

export interface ResolveOptions {
  limits: RerankModelLimits;
  modelId: string;
  mixedContent: MixedContent;
  allowedLocalRoots: readonly string[] | undefined;
  /** `"rankLast"`: a document with nothing to score is left out of the requests instead of refused. */
  emptyDocuments?: "error" | "rankLast";
}

/** Non-blank by the first character alone when it is printable ASCII, which almost every text starts with. */
function isNonBlank(text: string): boolean {
  const first = text.charCodeAt(0);
  return (first > 32 && first < 127) || /\S/.test(text);
}

/**
 * The query and documents of a call that has only non-blank text, resolved without a promise; `undefined` for
 * anything else, which `resolveQuery` and `resolveDocuments` then handle (and word the errors of).
 */
export function resolveTextOnly(
  query: RerankQuery,
  documents: readonly RerankDocument[],
): { query: ResolvedQuery; documents: ResolvedDocument[]; warnings: RerankWarning[]; empty: number[]; distinct: boolean; longest: number } | undefined {
  if (typeof query !== "string" || !isNonBlank(query)) return undefined;
  const resolved: ResolvedDocument[] = new Array(documents.length);
  let longest = 0;
  for (let index = 0; index < documents.length; index++) {
    const document = documents[index];
    if (typeof document !== "string" || !isNonBlank(document)) return undefined;
    resolved[index] = { text: document };
    if (document.length > longest) longest = document.length;
  }
  return { query: { text: query }, documents: resolved, warnings: [], empty: [], distinct: !mayHaveDuplicates(documents as readonly string[]), longest };
}

export async function resolveQuery(query: RerankQuery, options: ResolveOptions): Promise<ResolvedQuery> {
  if (typeof query !== "string" && (typeof query !== "object" || query === null || !("text" in query || "image" in query))) {
    throw new InvalidArgumentError({ argument: "query", message: "query must be a string, { text } or { image }." });
  }
  if (typeof query === "string" || "text" in query) {
    const text = typeof query === "string" ? query : query.text;
    if (typeof text !== "string" || text.trim() === "") throw new InvalidArgumentError({ argument: "query", message: "query must not be empty." });
    return { text };
  }
  if (!options.limits.supports.imageQuery) {
    throw new InvalidArgumentError({ argument: "query.image", message: `${options.modelId} takes text queries only.` });
  }
  return { image: await resolveImage(query.image, options.allowedLocalRoots, "query.image") };
}

export async function resolveDocuments(
  documents: readonly RerankDocument[],
  options: ResolveOptions,
): Promise<{ documents: ResolvedDocument[]; warnings: RerankWarning[]; empty: number[] }> {
  const warnings: RerankWarning[] = [];
  const empty: number[] = [];
  let mixed = 0;
  const resolveOne = async (document: RerankDocument, index: number): Promise<ResolvedDocument> => {
    const argument = `documents[${index}]`;
    if (typeof document !== "string" && (typeof document !== "object" || document === null)) {
      throw new InvalidArgumentError({ argument, message: "a document must be a string or an object with text, image or video." });
    }
    const { text, image, video } = typeof document === "string" ? { text: document, image: undefined, video: undefined } : document;
    const hasText = typeof text === "string" && text.trim() !== "";
    if (!hasText && image == null && video == null) {
      if (options.emptyDocuments === "rankLast") {
        empty.push(index);
        return {};
      }
      throw new InvalidArgumentError({ argument, message: "a document needs non-empty text, an image or a video." });
    }
    if (image != null && video != null) {
      throw new InvalidArgumentError({ argument, message: "a document may carry an image or a video, not both." });
    }
    if (image != null && !options.limits.supports.image) {
      throw new InvalidArgumentError({ argument: `${argument}.image`, message: `${options.modelId} is a text-only model; use qwen3-vl-rerank for images.` });
    }
    if (video != null && !options.limits.supports.video) {
      throw new InvalidArgumentError({ argument: `${argument}.video`, message: `${options.modelId} is a text-only model; use qwen3-vl-rerank for video.` });
    }
    const media: ResolvedDocument =
      image != null
        ? { image: await resolveImage(image, options.allowedLocalRoots, `${argument}.image`) }
        : video != null
          ? { video: resolveVideo(video, `${argument}.video`) }
          : {};
    if (!hasText) return media;
    if (image == null && video == null) return { text };
    mixed++;
    if (options.mixedContent === "text") return { text };
    if (options.mixedContent === "both") return { text, ...media };
    return media;
  };
  // Plain strings, by far the common case, resolve synchronously: an async call per document (a promise, a closure
  // and a microtask each) cost more than everything else rerank() does before the request.
  const resolved: ResolvedDocument[] = new Array(documents.length);
  const pending: Array<Promise<void>> = [];
  // A for loop, not forEach: forEach skips the holes of a sparse array, which would drop those positions silently.
  for (let index = 0; index < documents.length; index++) {
    const document = documents[index];
    if (typeof document === "string" && isNonBlank(document)) resolved[index] = { text: document };
    else
      pending.push(
        resolveOne(document as RerankDocument, index).then((result) => {
          resolved[index] = result;
        }),
      );
  }
  if (pending.length > 0) await Promise.all(pending);
  if (mixed > 0) {
    warnings.push({
      type: "compatibility",
      feature: "mixedContent",
      details:
        options.mixedContent === "both"
          ? `${mixed} document(s) send text and media together; DashScope does not document mixed documents (dashscope-api.md §2.4).`
          : `${mixed} document(s) have text and media; only the ${options.mixedContent} is sent (mixedContent: "${options.mixedContent}").`,
    });
  }
  if (empty.length > 0) {
    empty.sort((a, b) => a - b);
    warnings.push({ type: "other", feature: "documents", details: `${empty.length} document(s) had nothing to score; they rank last with score 0.` });
  }
  return { documents: resolved, warnings, empty };
}

function resolveVideo(video: VideoInput | unknown, argument: string): string {
  const text = typeof video === "string" ? video.trim() : video instanceof URL ? video.href : undefined;
  if (text === undefined) {
    throw new InvalidArgumentError({ argument, message: "video must be an http(s) URL; DashScope takes video by URL only, not as bytes." });
  }
  if (!/^https?:\/\//i.test(text)) throw new InvalidArgumentError({ argument, message: "video must be an http(s) URL (dashscope-api.md §2.3)." });
  return text;
}
