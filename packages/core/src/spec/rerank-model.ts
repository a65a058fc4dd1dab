import type { Modality, ResolvedDocument, ResolvedQuery } from "./rerank-document.js";
import type { RetryBudget } from "./retry-budget.js";

/** What one request to a model may carry. `rerank()` splits larger inputs into several requests. */
export interface RerankModelLimits {
  /** Documents per request, per modality. A document with several media counts once under each. */
  maxDocumentsPerCall: Record<Modality, number>;
  /** Documents per request whatever their modality. */
  maxTotalDocumentsPerCall: number;
  /** Token budget of one request, counted as `query tokens × documents + document tokens`. */
  maxTokensPerCall: number;
  /** Tokens of one item (the query or one document); `rerank()` truncates longer texts to fit. */
  maxTokensPerItem: number;
  /**
   * Whether `maxTokensPerItem` bounds a query–document pair (vLLM's `--max-model-len`) rather than each item
   * (DashScope): a document then gets what the query leaves.
   */
  budgetPerPair?: boolean | undefined;
  /** Characters of one item, where the API also caps those; `rerank()` truncates longer texts to fit. */
  maxCharsPerItem?: number | undefined;
  /**
   * Bytes of one request body, counting each Base64 image at its decoded size; `rerank()` splits batches to fit, and
   * refuses a document that alone is larger. `undefined`: no limit (a self-hosted server).
   */
  maxRequestBytes?: number | undefined;
  /**
   * Pixels (width × height) the model reads of one image at most; it scales a larger one down, so `rerank()` resizes
   * inline images over this before sending them (the `imageResize` option). Qwen3-VL-Reranker's processor caps images
   * at `MAX_PIXELS = 1800 × 32 × 32 = 1,843,200` (https://github.com/QwenLM/Qwen3-VL-Embedding,
   * `src/models/qwen3_vl_reranker.py`); no figure is published for the hosted model. Unset: no cap is known, and
   * images are sent as they are.
   */
  maxImagePixels?: number | undefined;
  /** Which inputs the model accepts at all. */
  supports: { image: boolean; video: boolean; imageQuery: boolean; mixedDocuments: boolean };
}

/** Options of one `doRerank` call: exactly one HTTP request, no retries, no batching. */
export interface RerankModelCallOptions {
  query: ResolvedQuery;
  /** The documents of this request; a model must not change them. */
  documents: readonly ResolvedDocument[];
  /**
   * Results to return. `rerank()` asks a request for `min(topN, documents)` when it splits a call into several
   * requests: each document's score stands on its own, so the best `topN` overall are among each batch's best `topN`.
   */
  topN?: number | undefined;
  returnDocuments?: boolean | undefined;
  instruct?: string | undefined;
  fps?: number | undefined;
  abortSignal?: AbortSignal | undefined;
  /** Extra headers for this request. */
  headers?: Record<string, string> | undefined;
  /** How long to wait for the answer to start, and at most between two chunks of it. */
  timeoutMs?: number | undefined;
  /** The tokens `rerank()` cut each document's text to; a provider that can truncate on its side may send it along. */
  maxTokensPerDocument?: number | undefined;
}

/** Tokens one request was billed for, as the API reports them; a part it does not report is `undefined`. */
export interface RerankModelUsage {
  totalTokens: number | undefined;
  /** Image (and video) tokens, where the API reports them apart (qwen3-vl-rerank's `image_tokens`). */
  imageTokens?: number | undefined;
  /** Text tokens, where the API reports them apart (qwen3-vl-rerank's `input_tokens`). */
  textTokens?: number | undefined;
}

export interface RerankModelCallResult {
  /** `index` points into the `documents` of this call. Checked: in range, each once, finite scores. */
  ranking: Array<{ index: number; score: number }>;
  usage: RerankModelUsage;
  requestId: string | undefined;
}

/**
 * A reranking model: a plain object, so other backends (vLLM, the compatible endpoint, a test double) are more
 * providers of the same shape. `rerank()` owns retries, batching, rate limits and merging.
 */
export interface RerankModel {
  /** The version of this interface the model implements; `rerank()` refuses any other. */
  readonly specificationVersion: "v1";
  /** The provider's id, e.g. `"dashscope"` or `"vllm"`. */
  readonly provider: string;
  /** The model's id as the API knows it, e.g. `"qwen3-vl-rerank"`. */
  readonly modelId: string;
  readonly limits: RerankModelLimits;
  /**
   * The retry budget of the model's provider, shared by all its models, so an outage costs a fleet about one request
   * per call. Without one, `rerank()` keeps a budget per model object.
   */
  readonly retryBudget?: RetryBudget | undefined;
  /**
   * Who answers this model's calls: a digest of its endpoint (URL, route, workspace) and credential, never the
   * credential itself. The result cache keys on it, so answers are never shared across endpoints or keys.
   */
  readonly cacheScope?: (() => string) | undefined;
  /** Exactly one request. The `do` prefix keeps users on `rerank()`, which adds retries and batching. */
  doRerank(options: RerankModelCallOptions): Promise<RerankModelCallResult>;
}
