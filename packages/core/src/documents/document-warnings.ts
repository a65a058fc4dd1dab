import type { MixedContent } from "../spec/rerank-document.js";
import type { RerankModelLimits } from "../spec/rerank-model.js";
import type { RerankWarning } from "../spec/rerank-warning.js";

const listed = 3;

/** What a call reports about its documents: mixed ones, blank ones, and media left out. */
export function documentWarnings(
  counts: { mixed: number; empty: number; skipped: readonly string[] },
  options: { mixedContent: MixedContent; limits: RerankModelLimits },
): RerankWarning[] {
  const { mixed, empty, skipped } = counts;
  const { mixedContent } = options;
  const warnings: RerankWarning[] = [];
  // A model that documents text and media in one document (vLLM) gets them without a word.
  if (mixed > 0 && !(mixedContent === "both" && options.limits.supports.mixedDocuments)) {
    const details =
      mixedContent === "both"
        ? `${mixed} document(s) send text and media together; the hosted API does not document such documents.`
        : `${mixed} document(s) have text and media; only the ${mixedContent} is sent (mixedContent: "${mixedContent}").`;
    warnings.push({ type: "compatibility", feature: "mixedContent", details });
  }
  if (skipped.length > 0) {
    const more = skipped.length > listed ? `; and ${skipped.length - listed} more` : "";
    const details = `${skipped.length} document(s) sent without media that could not be used: ${skipped.slice(0, listed).join("; ")}${more}`;
    warnings.push({ type: "other", feature: "media", details });
  }
  if (empty > 0) {
    const details = `${empty} document(s) had nothing to score; they rank last with score 0.`;
    warnings.push({ type: "other", feature: "documents", details });
  }
  return warnings;
}
