import { type LexicalInput, lexicalScore } from "./lexical-score.js";

/** Options of {@link expectedRanking}. */
export interface ExpectedRankingOptions {
  /** The server's `captions` option, which gives images and videos their words. @default {} */
  captions?: Readonly<Record<string, string>>;
  /** Keep only the first `topN` results, as the request's `top_n` does. @default every document */
  topN?: number;
}

/**
 * The ranking the server answers for `query` and `documents` while it uses the default scorer: each
 * document's {@link lexicalScore}, sorted by score descending (ties by index ascending) and cut to `topN`.
 * A pure function, so a test can check a client's ordering and `top_n` handling without hard-coding scores.
 *
 * @example
 * expectedRanking("red shoe", ["blue hat", "red shoe"], { topN: 1 }); // [{ index: 1, score: 0.999 }]
 */
export function expectedRanking(
  query: LexicalInput,
  documents: readonly LexicalInput[],
  options: ExpectedRankingOptions = {},
): Array<{ index: number; score: number }> {
  const { captions = {}, topN } = options;
  const ranking = documents
    .map((document, index) => ({ index, score: lexicalScore(query, document, captions) }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
  return topN === undefined ? ranking : ranking.slice(0, topN);
}
