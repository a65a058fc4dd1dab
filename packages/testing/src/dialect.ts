import type { ApiError } from "./api-error.js";
import type { ModelLimits } from "./model-limits.js";
import type { RerankDialect } from "./rerank-server.js";
import type { ScorerInput } from "./scorer.js";

/** A document after parsing: what the scorer reads and what a result echoes as `document`. */
export interface RankDocument {
  /** Undefined in bench mode, where nothing is scored. */
  input: ScorerInput | undefined;
  echo: unknown;
}

/** A rerank request in dialect-neutral form. */
export interface RankRequest {
  model: string | undefined;
  /** Undefined in bench mode. */
  query: ScorerInput | undefined;
  documents: RankDocument[];
  /** Undefined means every document. */
  topN: number | undefined;
  returnDocuments: boolean;
}

export interface RankedResult {
  index: number;
  score: number;
  echo: unknown;
}

export interface RankResponse {
  /** Sorted and already cut to `topN`. */
  results: RankedResult[];
  totalTokens: number;
}

export interface ParseContext {
  captions: Readonly<Record<string, string>>;
  limits: ReadonlyMap<string, ModelLimits>;
}

/** Everything that differs between the four wire formats. */
export interface Dialect {
  readonly name: RerankDialect;
  /** Validates the body; throws {@link ApiError} for anything the real service would refuse. */
  parse(body: unknown, context: ParseContext): RankRequest;
  /** Bench mode: reads the document count and the few flags needed to answer, validates nothing. */
  parseCheaply(body: unknown): RankRequest;
  render(response: RankResponse, request: RankRequest, requestId: string): unknown;
  renderError(error: ApiError, requestId: string): unknown;
}
