import type { ApiError } from "./api-error.js";
import type { ModelLimits } from "./model-limits.js";
import type { RerankDialect } from "./rerank-server.js";
import type { ScorerInput } from "./scorer.js";
import type { TokenCount } from "./token-count.js";
import type { ResolvedVllmOptions } from "./vllm-options.js";

/** A document after parsing: what the scorer reads and what a result echoes as `document`. */
export interface RankDocument {
  /** Undefined in bench mode, where nothing is scored. */
  input: ScorerInput | undefined;
  echo: unknown;
  /** The query of this pair when it differs from the request's (cut for this pair only). */
  query?: ScorerInput;
}

/** What the call log notes about a request, beyond its body. */
export interface RequestNotes {
  /** The instruction the server read: vLLM's `instruction`, DashScope's `instruct`. */
  instruction?: string;
  /** Top-level fields the vLLM route accepted and ignored, as vLLM logs them. */
  ignoredFields?: string[];
  /** Documents (by index) and `"query"` that the server truncated. */
  truncated?: Array<number | "query">;
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
  notes?: RequestNotes;
}

export interface RankedResult {
  index: number;
  score: number;
  echo: unknown;
}

export interface RankResponse {
  /** Sorted and already cut to `topN`. */
  results: RankedResult[];
  tokens: TokenCount;
}

export interface ParseContext {
  captions: Readonly<Record<string, string>>;
  limits: ReadonlyMap<string, ModelLimits>;
  overlongItems: "reject" | "truncate";
  usageFields: "by-model" | "total-only";
  vllm: ResolvedVllmOptions;
}

/** Everything that differs between the four wire formats. */
export interface Dialect {
  readonly name: RerankDialect;
  /** Whether DashScope's gateway (body limits, quota) stands in front of this route. */
  readonly dashScope: boolean;
  /** Validates the body; throws {@link ApiError} for anything the real service would refuse. */
  parse(body: unknown, context: ParseContext): RankRequest;
  /** Bench mode: reads the document count and the few flags needed to answer, validates nothing. */
  parseCheaply(body: unknown): RankRequest;
  render(response: RankResponse, request: RankRequest, requestId: string, context: ParseContext): unknown;
  renderError(error: ApiError, requestId: string): unknown;
}
