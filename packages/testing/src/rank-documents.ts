import type { RankedResult, RankRequest, RankResponse } from "./dialect.js";
import { requestTokens, type TokenCount } from "./input-tokens.js";
import type { Scorer } from "./scorer.js";

// NaN would make the sort order engine-dependent; it ranks last instead, and is still sent as returned.
const sortable = (score: number): number => (Number.isNaN(score) ? Number.NEGATIVE_INFINITY : score);

// docs/dashscope-api.md §3.1: ties by index ascending.
/**
 * Scores, sorts by score descending (ties by index ascending) and cuts to `topN`.
 * `scorer` null is bench mode: index 0 ranks first with evenly spaced scores, and nothing is read.
 * `tokens` is the request's token count when the caller has it already.
 */
export function rankDocuments(
  request: RankRequest,
  scorer: Scorer | null,
  tokens: TokenCount = requestTokens(request),
): RankResponse {
  const count = request.documents.length;
  const results: RankedResult[] = request.documents.map(({ input, echo, query = request.query }, index) => ({
    index,
    score:
      scorer === null || input === undefined || query === undefined
        ? Math.round((1 - (index + 1) / (count + 1)) * 1e6) / 1e6
        : scorer(query, input, index),
    echo,
  }));
  results.sort((a, b) => sortable(b.score) - sortable(a.score) || a.index - b.index);
  return { results: request.topN === undefined ? results : results.slice(0, request.topN), tokens };
}
