import { InvalidArgumentError } from "../spec/errors/invalid-argument-error.js";
import type { ResolvedDocument } from "../spec/rerank-document.js";
import type { RerankModelLimits } from "../spec/rerank-model.js";
import type { RerankWarning } from "../spec/rerank-warning.js";
import { estimateTextTokens } from "./estimate-tokens.js";

// What a reranker's prompt template adds around a query–document pair (Qwen3-VL-Reranker's system prompt and
// instruction, docs/dashscope-api.md §7.2), kept free when the model's budget is per pair.
const templateTokens = 128;

/** The tokens and characters one document's text may take, for a query of `queryTokens`. */
export function textBudget(limits: RerankModelLimits, queryTokens: number): { tokens: number; chars: number } {
  const tokens = limits.budgetPerPair
    ? Math.max(1, limits.maxTokensPerItem - queryTokens - templateTokens)
    : limits.maxTokensPerItem;
  return { tokens, chars: limits.maxCharsPerItem ?? Number.POSITIVE_INFINITY };
}

/**
 * Texts cut to the budget, by the same conservative estimate the planner uses, so that one long document never fails
 * a call (docs/dashscope-api.md §10.2: the API may refuse it rather than truncate). Under `longDocuments: "error"` a
 * long text is refused instead. Returns the documents (changed ones copied) and a warning naming the cut ones.
 */
export function truncateTexts(
  documents: readonly ResolvedDocument[],
  budget: { tokens: number; chars: number },
  policy: "truncate" | "error",
): { documents: ResolvedDocument[]; warnings: RerankWarning[] } {
  const cut: number[] = [];
  const result = documents.map((document, index) => {
    const { text } = document;
    if (text === undefined || fits(text, budget)) return document;
    if (policy === "error") {
      const message = `the text is longer than ${budget.tokens} tokens (estimated) or ${budget.chars} characters, the most one item may hold.`;
      throw new InvalidArgumentError({ argument: `documents[${index}].text`, message });
    }
    cut.push(index);
    return { ...document, text: prefixWithin(text, budget) };
  });
  if (cut.length === 0) return { documents: result, warnings: [] };
  const listed = cut
    .slice(0, 5)
    .map((index) => `documents[${index}]`)
    .join(", ");
  const more = cut.length > 5 ? ` and ${cut.length - 5} more` : "";
  const details = `${cut.length} document(s) cut to ${budget.tokens} tokens (estimated), the most one item may hold: ${listed}${more}.`;
  return { documents: result, warnings: [{ type: "truncation", feature: "documents", details }] };
}

const fits = (text: string, budget: { tokens: number; chars: number }) =>
  text.length <= budget.chars && estimateTextTokens(text) <= budget.tokens;

/** The longest prefix that fits, found by bisection; a surrogate pair is never split. */
function prefixWithin(text: string, budget: { tokens: number; chars: number }): string {
  let low = 0;
  let high = Math.min(text.length, budget.chars);
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(text.slice(0, middle), budget)) low = middle;
    else high = middle - 1;
  }
  const last = text.charCodeAt(low - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? low - 1 : low);
}
