import type { RerankModelCallResult } from "../spec/rerank-model.js";

/** What the request asked for, to check its answer against. */
export interface ExpectedRanking {
  /** Documents sent: every index must be below this. */
  documentCount: number;
  /** Results the answer must carry: `min(topN, documentCount)`. */
  expectedCount: number;
}

export type Ranking = RerankModelCallResult["ranking"];

/**
 * An answer's results as a ranking, or what is wrong with them: each must be `{ index, relevance_score }` with an
 * integer index inside the batch and a finite score, no index may repeat, and the count must be what was asked for.
 * A wrong answer here would silently reorder or lose the caller's documents, so it must fail instead.
 */
export function readRanking(results: readonly unknown[], expected: ExpectedRanking): Ranking | string {
  const { documentCount, expectedCount } = expected;
  // One byte per document rather than a Set: this runs on every answer.
  const seen = new Uint8Array(documentCount);
  const ranking: Ranking = [];
  for (let position = 0; position < results.length; position++) {
    const result = results[position] as { index?: unknown; relevance_score?: unknown } | null;
    const index = result?.index;
    const score = result?.relevance_score;
    if (!Number.isInteger(index)) return `results[${position}].index must be an integer`;
    if (typeof score !== "number" || !Number.isFinite(score))
      return `results[${position}].relevance_score must be a finite number`;
    if ((index as number) < 0 || (index as number) >= documentCount) {
      return `result index ${index} is outside 0..${documentCount - 1}`;
    }
    if (seen[index as number] === 1) return `result index ${index} appears twice`;
    seen[index as number] = 1;
    ranking.push({ index: index as number, score });
  }
  if (results.length !== expectedCount) return `expected ${expectedCount} results, got ${results.length}`;
  return ranking;
}
