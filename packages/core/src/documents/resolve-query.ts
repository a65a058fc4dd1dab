import { InvalidArgumentError } from "../spec/errors/invalid-argument-error.js";
import type { RerankQuery, ResolvedQuery } from "../spec/rerank-document.js";
import { resolveImage } from "./resolve-image.js";
import { hasText, type ResolveOptions } from "./resolve-options.js";

/** Validates the query and turns an image query into what goes on the wire. */
export function resolveQuery(query: RerankQuery, options: ResolveOptions): ResolvedQuery | Promise<ResolvedQuery> {
  if (typeof query === "string") return { text: checkText(query) };
  if (typeof query !== "object" || query === null || !("text" in query || "image" in query)) {
    throw new InvalidArgumentError({ argument: "query", message: "query must be a string, { text } or { image }." });
  }
  if ("text" in query) return { text: checkText(query.text) };
  if (!options.limits.supports.imageQuery) {
    throw new InvalidArgumentError({ argument: "query.image", message: `${options.modelId} takes text queries only.` });
  }
  return resolveImage(query.image, options, "query.image");
}

function checkText(text: unknown): string {
  if (!hasText(text)) throw new InvalidArgumentError({ argument: "query", message: "query must not be empty." });
  return text;
}
