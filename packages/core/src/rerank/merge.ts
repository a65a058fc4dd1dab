import type { RerankDocument } from "../spec/rerank-document.js";
import type { RerankModelCallResult } from "../spec/rerank-model.js";
import type { RerankWarning } from "../spec/rerank-warning.js";
import type { RerankPlan } from "./prepare.js";
import type { RerankOptions, RerankResult, RerankResultItem, RerankUsage } from "./rerank-options.js";

/** A score for a position in `plan.unique`: what the cache keeps. */
export type ScoredPosition = [position: number, score: number];

/** One answered batch: `ranking[].index` points into `batch`, whose entries are positions in `plan.unique`. */
export interface AnsweredBatch {
  batch: readonly number[];
  ranking: RerankModelCallResult["ranking"];
}

/** The plan's batches with their answers, in batch order. */
export const answeredBatches = (
  plan: RerankPlan,
  answers: readonly { ranking: AnsweredBatch["ranking"] }[],
): AnsweredBatch[] =>
  answers.map((answer, batchNumber) => ({ batch: plan.batches[batchNumber]!, ranking: answer.ranking }));

/** The answers as scores of unique positions, for the cache. */
export function scoredPositions(answered: readonly AnsweredBatch[]): ScoredPosition[] {
  return answered.flatMap(({ batch, ranking }) =>
    ranking.map(({ index, score }): ScoredPosition => [batch[index]!, score]),
  );
}

/** A cached call's scores as one answered batch over every unique position. */
export const fromCache = (plan: RerankPlan, scored: readonly ScoredPosition[]): AnsweredBatch[] => [
  { batch: plan.unique.map((_, position) => position), ranking: scored.map(([index, score]) => ({ index, score })) },
];

export interface MergeExtras {
  usage: RerankUsage;
  requestIds: string[];
  warnings: RerankWarning[];
  requestCount: number;
  cached: boolean;
}

/**
 * One ranking over the caller's documents: every copy of a document gets its score, results are sorted by score
 * (ties by index), documents with nothing to score follow, and `scoreThreshold` and `topN` apply once, here.
 */
export function merge<DOCUMENT extends RerankDocument>(
  options: RerankOptions<DOCUMENT>,
  plan: RerankPlan,
  answered: readonly AnsweredBatch[],
  extras: MergeExtras,
): RerankResult<DOCUMENT> {
  const { documents, scoreThreshold, topN } = options;
  const results: Array<RerankResultItem<DOCUMENT>> = [];
  for (const { batch, ranking } of answered) {
    for (const { index: batchIndex, score } of ranking) {
      if (scoreThreshold !== undefined && score < scoreThreshold) continue;
      for (const index of plan.owners[batch[batchIndex]!]!) results.push({ index, score, document: documents[index]! });
    }
  }
  results.sort((a, b) => b.score - a.score || a.index - b.index);
  if (scoreThreshold === undefined || scoreThreshold <= 0) {
    for (const index of plan.empty) results.push({ index, score: 0, document: documents[index]! });
  }
  if (topN !== undefined && results.length > topN) results.length = topN;
  const { usage, requestIds, warnings, requestCount, cached } = extras;
  return { results, usage, requestIds, warnings, requestCount, cached };
}
