import type { Modality, RerankWarning, ResolvedDocument, ResolvedQuery } from "../documents/rerank-document.js";

/** What one request to a model may carry. The orchestrator splits larger inputs into several requests. */
export interface RerankModelLimits {
  /** Documents per request, per modality. A document with several media counts once under each. */
  maxDocumentsPerCall: Record<Modality, number>;
  /** Documents per request whatever their modality. */
  maxTotalDocumentsPerCall: number;
  /** Token budget of one request: `query tokens × documents + document tokens` (dashscope-api.md §2.2). */
  maxTokensPerCall: number;
  /** Tokens of one item; longer items are truncated by the API, which is reported as a warning. */
  maxTokensPerItem: number;
  /** Which inputs the model accepts at all. */
  supports: { image: boolean; video: boolean; imageQuery: boolean; mixedDocuments: boolean };
}

/** Options of one `doRerank` call: one HTTP request, no retries, no batching. */
export interface RerankModelCallOptions {
  query: ResolvedQuery;
  documents: readonly ResolvedDocument[];
  /** Results to return; the orchestrator asks for all of a batch so batches can be merged. */
  topN?: number | undefined;
  returnDocuments?: boolean | undefined;
  instruct?: string | undefined;
  fps?: number | undefined;
  abortSignal?: AbortSignal | undefined;
  /** Extra headers for this call. */
  headers?: Record<string, string> | undefined;
  /** Per-attempt timeout handed to the transport (undici's header and body timers). */
  timeoutMs?: number | undefined;
}

export interface RerankModelCallResult {
  /** `index` points into the `documents` of this call. Validated: in range, unique, finite scores. */
  ranking: Array<{ index: number; score: number; document?: unknown }>;
  usage: { totalTokens: number | undefined };
  requestId: string | undefined;
  responseHeaders: Record<string, string>;
  warnings: RerankWarning[];
}

/**
 * A reranking model. A plain object, so other backends (vLLM, the compatible endpoint, a test double) are just
 * more providers of the same shape.
 */
export interface RerankModel {
  readonly specificationVersion: "v1";
  /** e.g. `dashscope` */
  readonly provider: string;
  /** e.g. `qwen3-vl-rerank` */
  readonly modelId: string;
  readonly limits: RerankModelLimits;
  /**
   * Exactly one request. Named with a `do` prefix so that users call `rerank()`, which owns retries and batching.
   * `rerank()` retries a batch with the very same options object, so a model may keep what it built for it (the
   * body) by that object and send it again.
   */
  doRerank(options: RerankModelCallOptions): Promise<RerankModelCallResult>;
}
