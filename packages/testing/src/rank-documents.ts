import type { RankedResult, RankRequest, RankResponse } from "./dialect.js";
import { tokenize } from "./lexical-score.js";
import type { Scorer, ScorerInput } from "./scorer.js";

// Fake token counts: one per word, a flat charge per image and video. Only their determinism matters;
// they are not DashScope's tokenizer and must not be used to predict a real bill.
const imageTokens = 64;
const videoTokens = 256;

function estimateTokens(input: ScorerInput): number {
  return (
    (input.text === undefined ? 0 : tokenize(input.text).length) +
    imageTokens * input.images.length +
    videoTokens * input.videos.length
  );
}

// NaN would make the sort order engine-dependent; it ranks last instead, and is still sent as returned.
const sortable = (score: number): number => (Number.isNaN(score) ? Number.NEGATIVE_INFINITY : score);

// docs/dashscope-api.md §3.1: ties by index ascending.
/**
 * Scores, sorts by score descending (ties by index ascending) and cuts to `topN`.
 * `scorer` null is bench mode: index 0 ranks first with evenly spaced scores, and nothing is read.
 */
export function rankDocuments(request: RankRequest, scorer: Scorer | null): RankResponse {
  const count = request.documents.length;
  const results: RankedResult[] = request.documents.map(({ input, echo }, index) => ({
    index,
    score:
      scorer === null || input === undefined || request.query === undefined
        ? Math.round((1 - (index + 1) / (count + 1)) * 1e6) / 1e6
        : scorer(request.query, input, index),
    echo,
  }));
  results.sort((a, b) => sortable(b.score) - sortable(a.score) || a.index - b.index);
  const top = request.topN === undefined ? results : results.slice(0, request.topN);

  // docs/dashscope-api.md §2.2: "Query Tokens × Number of documents + Total document tokens".
  let totalTokens = count;
  if (request.query !== undefined) {
    const queryTokens = estimateTokens(request.query);
    totalTokens = queryTokens * count;
    for (const { input } of request.documents) totalTokens += input === undefined ? 0 : estimateTokens(input);
  }
  return { results: top, totalTokens };
}
