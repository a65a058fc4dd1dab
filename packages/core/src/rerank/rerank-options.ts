import type { ImageResizeOption } from "../documents/image-resize-option.js";
import type { MixedContent, RerankDocument, RerankQuery } from "../spec/rerank-document.js";
import type { RerankModel } from "../spec/rerank-model.js";
import type { RerankWarning } from "../spec/rerank-warning.js";
import type { RetryBudget } from "../spec/retry-budget.js";
import type { RerankTelemetrySettings } from "../telemetry/telemetry-settings.js";
import type { RerankRateLimiter } from "./rate-limiter.js";
import type { RerankCacheStore } from "./rerank-cache-store.js";
import type { RetrySettings } from "./retry-with-backoff.js";

export interface RerankProgress {
  completedBatches: number;
  totalBatches: number;
  completedDocuments: number;
  totalDocuments: number;
}

/** Every option of a rerank call except the model, the query and the documents; the plugins pass these through. */
export interface RerankCallSettings {
  /** Keep only the best `topN` results. @default all */
  topN?: number | undefined;
  /** Drop results scoring below this (scores are in [0, 1] for DashScope). @default none */
  scoreThreshold?: number | undefined;
  /** Ask the API to echo documents (`return_documents`). Results always carry your own documents. @default not sent */
  returnDocuments?: boolean | undefined;
  /** Task instruction (`instruct`), in English, e.g. "Retrieve semantically similar text." @default the model's own */
  instruct?: string | undefined;
  /** Video frame sampling rate in [0, 1] (`fps`, qwen3-vl-rerank only). @default the API's (1.0 is documented) */
  fps?: number | undefined;
  /**
   * For a document with text and an image or video: send the media, the text, or both.
   * @default "both" where the model documents mixed documents (vLLM), else "media" (DashScope)
   */
  mixedContent?: MixedContent | undefined;
  /**
   * Inline images (bytes, Blobs, data URIs, local files) over the model's pixel cap (`limits.maxImagePixels`:
   * 1,843,200 for qwen3-vl-rerank) are resized with the optional peer `sharp` before they are sent, aspect kept;
   * `false` sends them as they are; `{ maxPixels, jpegQuality }` sets another cap or quality. URLs are never touched.
   * Without `sharp`, images go as they are and one warning says what it would save. @default true
   */
  imageResize?: ImageResizeOption | undefined;
  /** Folders local image paths may be read from. Nothing is read from disk without this. @default none */
  allowedLocalRoots?: readonly string[] | undefined;
  /** Retries after the first attempt, on 408/409/429/5xx, network errors, timeouts and malformed answers. @default 2 */
  maxRetries?: number | undefined;
  /** Backoff tuning and test hooks. @default { initialDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 30000 } */
  retry?: Omit<RetrySettings, "maxRetries"> | undefined;
  /**
   * Timeout of one attempt, in milliseconds: how long to wait for the response to start, and at most between two
   * chunks of it. @default 30000
   */
  timeoutMs?: number | undefined;
  /** Timeout of the whole call, retries and batches included, in milliseconds. @default none */
  deadlineMs?: number | undefined;
  /** Cancels the call. The abort reason is rethrown as it is, never retried. @default none */
  abortSignal?: AbortSignal | undefined;
  /** Requests in flight at once when the documents need several. @default 4 */
  maxParallelCalls?: number | undefined;
  /**
   * Paces every attempt of the call, shared with whoever else holds the same limiter: `createRateLimiter()` in one
   * process, `@qwen-rerank/redis` across a fleet. @default none
   */
  rateLimiter?: RerankRateLimiter | undefined;
  /**
   * Shorthand for a `createRateLimiter({ requestsPerMinute })` shared by every call on the same model object
   * (qwen3-vl-rerank allows 600 a minute per account). Ignored when `rateLimiter` is given. @default none
   */
  requestsPerMinute?: number | undefined;
  /**
   * Where retries are paid from: the provider's budget (500 units, 5 a retry, 1 back per success) unless you pass
   * another, or `false` for none (every call then makes all its `maxRetries`). @default the provider's
   */
  retryBudget?: RetryBudget | false | undefined;
  /**
   * A document with no text, image or video: `"error"` refuses the call with an `InvalidArgumentError`;
   * `"rankLast"` leaves it out of the requests and ranks it after every scored document with score 0 (what the
   * framework plugins use, so one blank chunk cannot fail a whole retrieval). @default "error"
   */
  emptyDocuments?: "error" | "rankLast" | undefined;
  /**
   * Media that cannot be used (an unreadable path, an unsupported type, an image for a text-only model): `"error"`
   * refuses the call with an `InvalidArgumentError`; `"skip"` leaves the media out with a warning, and the document
   * goes on with its text (or, with nothing left, is treated as empty). The plugins default to `"skip"`.
   * @default "error"
   */
  invalidMedia?: "error" | "skip" | undefined;
  /**
   * A text longer than one item may hold (the model's per-item tokens, by a conservative estimate, or its character
   * cap): `"truncate"` cuts it to fit with a `truncation` warning naming the documents; `"error"` refuses the call
   * with an `InvalidArgumentError`. The API may refuse such an item rather than truncate it, failing every batch.
   * @default "truncate"
   */
  longDocuments?: "truncate" | "error" | undefined;
  /** Send identical documents once and give every copy the score. @default true */
  dedupe?: boolean | undefined;
  /** Reuse results of an identical earlier call: `true` for an in-memory LRU, or your own store. @default false */
  cache?: boolean | RerankCacheStore | undefined;
  /** Called after each request of a call completes. @default none */
  onProgress?: ((progress: RerankProgress) => void) | undefined;
  /** Extra headers for this call's requests. @default {} */
  headers?: Record<string, string> | undefined;
  /**
   * OpenTelemetry spans, when the optional `@opentelemetry/api` is installed: one `rerank <modelId>` span per call
   * and one per HTTP request. Inputs are left off unless `recordInputs`. @default { enabled: true, recordInputs: false }
   */
  telemetry?: RerankTelemetrySettings | undefined;
}

export interface RerankOptions<DOCUMENT extends RerankDocument = RerankDocument> extends RerankCallSettings {
  model: RerankModel;
  query: RerankQuery;
  documents: readonly DOCUMENT[];
}

export interface RerankUsage {
  totalTokens: number;
  /** Image (and video) tokens, when every request reported them. */
  imageTokens?: number | undefined;
  /** Text tokens, when every request reported them. */
  textTokens?: number | undefined;
}

export interface RerankResultItem<DOCUMENT extends RerankDocument = RerankDocument> {
  /** Position of the document in the caller's `documents`. */
  index: number;
  /** The API's relevance score. */
  score: number;
  /** The caller's own document, untouched. */
  document: DOCUMENT;
}

export interface RerankResult<DOCUMENT extends RerankDocument = RerankDocument> {
  /** Sorted by score, highest first; ties by index. */
  results: Array<RerankResultItem<DOCUMENT>>;
  /** Tokens billed, summed over the requests; the image and text parts where the API reports them apart. */
  usage: RerankUsage;
  /** One per request sent; empty when the answer came from the cache. */
  requestIds: string[];
  warnings: RerankWarning[];
  /** Requests sent, retries excluded. */
  requestCount: number;
  cached: boolean;
}
