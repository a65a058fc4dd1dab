import type { RerankModelCallResult } from "./rerank-model.js";

export interface RawResult {
  index: number;
  relevance_score: number;
  document?: unknown;
}

export type RankedItem = RerankModelCallResult["ranking"][number];

/**
 * Checks an answer's results and turns them into a ranking, in one pass over them. Returns:
 * - the ranking, when every result has an integer `index` and a finite `relevance_score`, every index is inside
 *   this batch, none repeats, and the count is what was asked for;
 * - the problem in words, when an index or the count is wrong: a wrong answer here would silently reorder or lose
 *   the caller's documents, so it must fail instead;
 * - `undefined` for a result of the wrong shape, so that the provider's schema says what is wrong with it.
 */
export function readRanking(results: readonly unknown[], documentCount: number, expectedCount: number): RankedItem[] | string | undefined {
  // One byte per document rather than a Set: this runs on every answer.
  const seen = new Uint8Array(documentCount);
  const ranking: RankedItem[] = [];
  for (const result of results) {
    if (typeof result !== "object" || result === null) return undefined;
    const index = (result as RawResult).index;
    const score = (result as RawResult).relevance_score;
    if (!Number.isInteger(index) || !Number.isFinite(score)) return undefined;
    if (index < 0 || index >= documentCount) return `result index ${index} is outside 0..${documentCount - 1}`;
    if (seen[index] === 1) return `result index ${index} appears twice`;
    seen[index] = 1;
    ranking.push({ index, score, document: (result as RawResult).document });
  }
  if (results.length !== expectedCount) return `expected ${expectedCount} results, got ${results.length}`;
  return ranking;
}
