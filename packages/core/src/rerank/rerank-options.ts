import { z } from "zod";
import type { RerankDocument, RerankQuery, RerankWarning } from "../documents/rerank-document.js";
import type { MixedContent } from "../documents/resolve-documents.js";
import { parseOptions } from "./parse-options.js";
import type { RerankCacheStore } from "./rerank-cache.js";
import type { RerankModel } from "./rerank-model.js";
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
  /** Folders local image paths may be read from. Nothing is read from disk without this. @default none */
  allowedLocalRoots?: readonly string[] | undefined;
  /** Retries after the first attempt, on 408/409/429/5xx, network errors, timeouts and malformed answers. @default 2 */
  maxRetries?: number | undefined;
  /** Backoff tuning and test hooks. @default { initialDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 30000 } */
  retry?: Omit<RetrySettings, "maxRetries"> | undefined;
  /** Timeout of one attempt, in milliseconds: how long to wait for the response to start, and at most between two chunks of it. @default 30000 */
  timeoutMs?: number | undefined;
  /** Timeout of the whole call, retries and batches included, in milliseconds. @default none */
  deadlineMs?: number | undefined;
  /** Cancels the call. The abort reason is rethrown as it is, never retried. */
  abortSignal?: AbortSignal | undefined;
  /** Requests in flight at once when the documents need several. @default 4 */
  maxParallelCalls?: number | undefined;
  /** Client-side rate limit shared by every call on the same model (qwen3-vl-rerank allows 600). @default none */
  requestsPerMinute?: number | undefined;
  /**
   * A document with no text, image or video: `"error"` refuses the call with an `InvalidArgumentError`;
   * `"rankLast"` leaves it out of the requests and ranks it after every scored document with score 0 (what the
   * framework plugins use, so one blank chunk cannot fail a whole retrieval). @default "error"
   */
  emptyDocuments?: "error" | "rankLast" | undefined;
  /** Send identical documents once and give every copy the score. @default true */
  dedupe?: boolean | undefined;
  /** Reuse results of an identical earlier call: `true` for an in-memory LRU, or your own store. @default false */
  cache?: boolean | RerankCacheStore | undefined;
  /** Called after each request of a call completes. */
  onProgress?: ((progress: RerankProgress) => void) | undefined;
  /** Extra headers for this call's requests. @default {} */
  headers?: Record<string, string> | undefined;
}

export interface RerankOptions<DOCUMENT extends RerankDocument = RerankDocument> extends RerankCallSettings {
  model: RerankModel;
  query: RerankQuery;
  documents: readonly DOCUMENT[];
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
  usage: { totalTokens: number };
  /** One per request sent; empty when the answer came from the cache. */
  requestIds: string[];
  warnings: RerankWarning[];
  /** Requests sent, retries excluded. */
  requestCount: number;
  cached: boolean;
}

const positiveInt = z.number().int().min(1);
const fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === "function", "must be a function");

export const rerankOptionsSchema = z.strictObject({
  model: z.custom<RerankModel>(
    (value) => typeof value === "object" && value !== null && typeof (value as RerankModel).doRerank === "function",
    'must be a RerankModel, e.g. createDashScope().rerankModel("qwen3-vl-rerank")',
  ),
  query: z.unknown(),
  // Not z.array(z.unknown()): that walks and copies the whole array on every call just to learn it is an array.
  documents: z.custom<unknown[]>((value) => Array.isArray(value) && value.length > 0, "pass at least one document"),
  topN: positiveInt.optional(),
  scoreThreshold: z.number().finite().optional(),
  returnDocuments: z.boolean().optional(),
  instruct: z.string().trim().min(1).optional(),
  fps: z.number().min(0).max(1).optional(),
  mixedContent: z.enum(["media", "text", "both"]).optional(),
  allowedLocalRoots: z.array(z.string().min(1)).optional(),
  maxRetries: z.number().int().min(0).optional(),
  retry: z
    .strictObject({
      initialDelayMs: z.number().min(0).optional(),
      maxDelayMs: z.number().min(0).optional(),
      maxRetryAfterMs: z.number().min(0).optional(),
      sleep: fn.optional(),
      random: fn.optional(),
      onRetry: fn.optional(),
    })
    .optional(),
  timeoutMs: positiveInt.optional(),
  deadlineMs: positiveInt.optional(),
  abortSignal: z.instanceof(AbortSignal).optional(),
  maxParallelCalls: positiveInt.optional(),
  requestsPerMinute: z.number().positive().optional(),
  dedupe: z.boolean().optional(),
  emptyDocuments: z.enum(["error", "rankLast"]).optional(),
  cache: z
    .union([
      z.boolean(),
      z.custom<RerankCacheStore>(
        (value) => typeof (value as RerankCacheStore)?.get === "function" && typeof (value as RerankCacheStore)?.set === "function",
        "must be true, false or a { get, set } store",
      ),
    ])
    .optional(),
  onProgress: fn.optional(),
  headers: z.record(z.string(), z.string()).optional(),
});

// Safe integers: zod's `.int()` refuses anything beyond Number.MAX_SAFE_INTEGER.
const isPositiveInt = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 1;
const isBoolean = (value: unknown) => typeof value === "boolean";
const isModel = (value: unknown) => typeof value === "object" && value !== null && typeof (value as RerankModel).doRerank === "function";
const isDocuments = (value: unknown) => Array.isArray(value) && value.length > 0;
// The options most calls use, checked by hand with exactly the schema's rules. zod cost more than everything else
// rerank() does before its request; any other option, or any value these do not accept, still goes to zod, which
// stays the one place that decides and words the error.
const quickChecks: Record<string, (value: unknown) => boolean> = {
  model: isModel,
  query: () => true,
  documents: isDocuments,
  topN: isPositiveInt,
  scoreThreshold: Number.isFinite,
  returnDocuments: isBoolean,
  maxRetries: (value) => Number.isSafeInteger(value) && (value as number) >= 0,
  timeoutMs: isPositiveInt,
  deadlineMs: isPositiveInt,
  maxParallelCalls: isPositiveInt,
  dedupe: isBoolean,
  emptyDocuments: (value) => value === "error" || value === "rankLast",
  mixedContent: (value) => value === "media" || value === "text" || value === "both",
  cache: isBoolean,
  abortSignal: (value) => value instanceof AbortSignal,
};

/** `true` when the schema would accept `options` as they are; `false` means "ask the schema", not "invalid". */
export function quickCheckRerankOptions(options: unknown): boolean {
  if (typeof options !== "object" || options === null || Object.getPrototypeOf(options) !== Object.prototype) return false;
  const record = options as Record<string, unknown>;
  // Required, so checked even when absent or undefined; every other key may be undefined.
  if (!isModel(record.model) || !isDocuments(record.documents)) return false;
  for (const key of Object.keys(record)) {
    const check = Object.hasOwn(quickChecks, key) ? quickChecks[key] : undefined;
    const value = record[key];
    if (check === undefined || (value !== undefined && !check(value))) return false;
  }
  return true;
}

/** Validates `rerank()`'s options: by hand for the common ones, else with the schema (which throws the error). */
export function checkRerankOptions(options: unknown): void {
  if (!quickCheckRerankOptions(options)) parseOptions(rerankOptionsSchema, options);
}

const callSettingsSchema = rerankOptionsSchema.omit({ model: true, query: true, documents: true });

/**
 * Checks call settings the way `rerank()` does, for wrappers that take them up front (the framework plugins), so a
 * bad option fails at construction with the same `InvalidArgumentError`. Keys not in `RerankCallSettings` are refused.
 */
export function validateRerankCallSettings(settings: unknown): RerankCallSettings {
  parseOptions(callSettingsSchema, settings);
  return settings as RerankCallSettings;
}
