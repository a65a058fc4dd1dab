/**
 * One query or document as a scorer sees it, whatever dialect it arrived in.
 * The server builds it once per request, so custom scorers need not re-parse dialect shapes.
 */
export interface ScorerInput {
  /** Text parts joined by a newline; undefined when the item has no text. */
  text: string | undefined;
  /** Image references (http(s) URL or data URI), in request order. */
  images: string[];
  /** Video URLs, in request order. */
  videos: string[];
  /**
   * The words the lexical scorer matches (lower-cased, stop words dropped, plural -s stripped): the text's,
   * then for each image and video those of its caption (`captions[url]`) or, without one, of its file name.
   */
  words: string[];
}

/** The query passed to a {@link Scorer}. */
export type ScorerQuery = ScorerInput;

/** A document passed to a {@link Scorer}. */
export type ScorerDocument = ScorerInput;

/**
 * Scores one document against the query. Higher is more relevant; the server sorts by it (ties by index)
 * and sends the value as `relevance_score` unchanged, so return a number in [0, 1] to stay realistic.
 */
export type Scorer = (query: ScorerQuery, document: ScorerDocument, index: number) => number;
