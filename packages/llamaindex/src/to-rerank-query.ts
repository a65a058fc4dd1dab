import type { MessageContent, MessageContentDetail } from "@llamaindex/core/llms";
import type { RerankQuery, RerankWarning } from "@qwen-rerank/core";
import { InvalidArgumentError } from "@qwen-rerank/core";

export interface ConvertedQuery {
  query: RerankQuery;
  warnings: RerankWarning[];
}

/**
 * Turns LlamaIndex's query into the core's. DashScope takes a text query OR an image query, never both, so a
 * `MessageContent` with image parts is sent as its first image (the image is what text-only rerankers lose, and
 * the reason to use qwen3-vl-rerank); dropped parts are reported as warnings. Text parts are joined with a blank
 * line, as LlamaIndex's `extractText` does.
 */
export function toRerankQuery(query: MessageContent | undefined, options: { imageQuery: boolean }): ConvertedQuery {
  // Engines pass strings, but a QueryBundle `{ query }` reaches postprocessors called by hand; accept it like extractText.
  const content: unknown = isQueryBundle(query) ? query.query : query;
  if (content === undefined || content === null) {
    throw new InvalidArgumentError({
      argument: "query",
      message: "QwenRerank needs a query: call postprocessNodes(nodes, query).",
    });
  }
  if (typeof content === "string") return { query: requireText(content), warnings: [] };
  if (!Array.isArray(content))
    throw new InvalidArgumentError({
      argument: "query",
      message: "query must be a string or an array of MessageContent parts.",
    });

  const { texts, images, warnings } = splitParts(content as MessageContentDetail[]);
  const text = texts.filter((item) => item.trim() !== "").join("\n\n");
  if (images.length > 0 && options.imageQuery)
    return { query: { image: images[0]! }, warnings: [...warnings, ...imageQueryWarnings(images.length, text)] };
  if (images.length > 0) {
    if (text === "") {
      const message = "the query is an image, but this model takes text queries only; use qwen3-vl-rerank.";
      throw new InvalidArgumentError({ argument: "query", message });
    }
    const details = "the query's image parts were dropped: this model takes text queries only.";
    warnings.push({ type: "compatibility", feature: "query", details });
  }
  return { query: requireText(text), warnings };
}

/** The text and image parts of a message, with a warning for each part of another kind. */
function splitParts(parts: readonly MessageContentDetail[]) {
  const texts: string[] = [];
  const images: string[] = [];
  const warnings: RerankWarning[] = [];
  for (const part of parts) {
    if (part?.type === "text") texts.push(part.text);
    else if (part?.type === "image_url") images.push(part.image_url.url);
    else if (part?.type === "image")
      images.push(part.data.startsWith("data:") ? part.data : `data:${part.mimeType};base64,${part.data}`);
    else {
      const details = `a "${String(part?.type)}" query part was ignored; only text and images can be reranked.`;
      warnings.push({ type: "compatibility", feature: "query", details });
    }
  }
  return { texts, images, warnings };
}

/** DashScope takes one image as the query, and no text beside it. */
function imageQueryWarnings(images: number, text: string): RerankWarning[] {
  const warnings: RerankWarning[] = [];
  if (images > 1)
    warnings.push({
      type: "compatibility",
      feature: "query",
      details: `the query has ${images} images; only the first is sent.`,
    });
  if (text !== "") {
    const details =
      "the query has text and an image; the image is sent, the text is not (DashScope takes one or the other).";
    warnings.push({ type: "compatibility", feature: "query", details });
  }
  return warnings;
}

function requireText(text: string): string {
  if (text.trim() === "") throw new InvalidArgumentError({ argument: "query", message: "the query is empty." });
  return text;
}

function isQueryBundle(query: unknown): query is { query: MessageContent } {
  return typeof query === "object" && query !== null && !Array.isArray(query) && "query" in query;
}
