import { ApiError } from "./api-error.js";
import { cutInput } from "./cut-input.js";
import type { RankDocument } from "./dialect.js";
import { inputTokens, tokenTotal } from "./input-tokens.js";
import type { ModelLimits } from "./model-limits.js";
import type { ScorerInput } from "./scorer.js";

/** What a DashScope route needs to check items: the model's limits, the overlong mode and the captions. */
export interface ItemLimitContext {
  limits: ModelLimits;
  overlongItems: "reject" | "truncate";
  captions: Readonly<Record<string, string>>;
}

// Python counts code points; a UTF-16 length over the limit may still be under it.
function codePointLength(text: string): number {
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0xdc00 || code > 0xdfff) length++;
  }
  return length;
}

// docs/dashscope-api.md §4.1, §10.2: the real answer for a gte-rerank-v2 document of more than 300,000 characters.
function algoError(detail: string, field: string): ApiError {
  return new ApiError(
    400,
    "InvalidParameter",
    `<400> InternalError.Algo.InvalidParameter: Value error, ${detail}: ${field}`,
  );
}

function checkCharacters(documents: readonly RankDocument[], limit: number | undefined): void {
  if (limit === undefined) return;
  for (const [index, { input }] of documents.entries()) {
    const text = input?.text ?? "";
    if (text.length > limit && codePointLength(text) > limit) {
      throw algoError(`document index:${index} is invalid, it should not be larger than ${limit}`, "input.documents");
    }
  }
}

// The wording of the token refusal is a guess shaped like the character one: no recorded answer shows it.
function overTokens(item: string, tokens: number, limit: number, field: string): ApiError {
  return algoError(`${item} is invalid, it has about ${tokens} tokens, more than the ${limit} allowed per item`, field);
}

function fitItem(input: ScorerInput, item: string, field: string, context: ItemLimitContext): ScorerInput | undefined {
  const tokens = tokenTotal(inputTokens(input));
  const limit = context.limits.itemTokens;
  if (tokens <= limit) return undefined;
  if (context.overlongItems === "reject") throw overTokens(item, tokens, limit, field);
  return cutInput(input, limit, context.captions);
}

// docs/dashscope-api.md §2.2, §10.2
/**
 * Applies the model's per-item limits to a parsed DashScope request: refuses a document over `itemCharacters`,
 * then refuses (or, with `overlongItems: "truncate"`, cuts) any query or document over `itemTokens`. Returns the
 * query and documents as scored, and what was cut.
 */
export function enforceItemLimits(
  query: ScorerInput,
  documents: RankDocument[],
  context: ItemLimitContext,
): { query: ScorerInput; documents: RankDocument[]; truncated: Array<number | "query"> } {
  checkCharacters(documents, context.limits.itemCharacters);
  const truncated: Array<number | "query"> = [];
  const fittedQuery = fitItem(query, "query", "input.query", context);
  if (fittedQuery !== undefined) truncated.push("query");
  const fitted = documents.map((document, index) => {
    if (document.input === undefined) return document;
    const input = fitItem(document.input, `document index:${index}`, "input.documents", context);
    if (input === undefined) return document;
    truncated.push(index);
    return { ...document, input };
  });
  return { query: fittedQuery ?? query, documents: fitted, truncated };
}
