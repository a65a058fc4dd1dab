export interface RawResult {
  index: number;
  relevance_score: number;
  document?: unknown;
}

/**
 * Checks what a zod schema cannot: every index is inside this batch, none repeats, and the count is what was
 * asked for. A wrong answer here would silently reorder or lose the caller's documents, so it must fail instead.
 * Returns the problem in words, or `undefined` when the ranking is sound.
 */
export function findRankingProblem(results: readonly RawResult[], documentCount: number, expectedCount: number): string | undefined {
  const seen = new Set<number>();
  for (const result of results) {
    if (result.index < 0 || result.index >= documentCount) return `result index ${result.index} is outside 0..${documentCount - 1}`;
    if (seen.has(result.index)) return `result index ${result.index} appears twice`;
    seen.add(result.index);
  }
  if (results.length !== expectedCount) return `expected ${expectedCount} results, got ${results.length}`;
  return undefined;
}
