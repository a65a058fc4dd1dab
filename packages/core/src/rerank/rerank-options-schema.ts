import { z } from "zod";
import { imageResizeSchema } from "../documents/image-resize-option.js";
import type { RerankModel } from "../spec/rerank-model.js";
import type { RetryBudget } from "../spec/retry-budget.js";
import { parseOptions } from "./parse-options.js";
import type { RerankRateLimiter } from "./rate-limiter.js";
import type { RerankCacheStore } from "./rerank-cache-store.js";
import type { RerankCallSettings, RerankOptions } from "./rerank-options.js";

const positiveInt = z.number().int().min(1);
const fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === "function", "must be a function");
const isModel = (value: unknown) =>
  typeof value === "object" && value !== null && typeof (value as RerankModel).doRerank === "function";
const isStore = (value: unknown) =>
  typeof (value as RerankCacheStore)?.get === "function" && typeof (value as RerankCacheStore)?.set === "function";

/** The call settings every surface shares: `rerank()` and, through the plugin kit, both framework plugins. */
export const callSettingsShape = {
  topN: positiveInt.optional(),
  scoreThreshold: z.number().finite().optional(),
  returnDocuments: z.boolean().optional(),
  instruct: z.string().trim().min(1).optional(),
  fps: z.number().min(0).max(1).optional(),
  mixedContent: z.enum(["media", "text", "both"]).optional(),
  allowedLocalRoots: z.array(z.string().min(1)).optional(),
  imageResize: imageResizeSchema.optional(),
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
  rateLimiter: z
    .custom<RerankRateLimiter>(
      (value) => typeof (value as RerankRateLimiter | null)?.acquire === "function",
      "must have an acquire(cost, signal) method",
    )
    .optional(),
  retryBudget: z
    .union([
      z.literal(false),
      z.custom<RetryBudget>(
        (value) =>
          typeof (value as RetryBudget | null)?.spend === "function" &&
          typeof (value as RetryBudget).refill === "function",
        "must be false or have spend(error) and refill() methods",
      ),
    ])
    .optional(),
  dedupe: z.boolean().optional(),
  emptyDocuments: z.enum(["error", "rankLast"]).optional(),
  invalidMedia: z.enum(["error", "skip"]).optional(),
  longDocuments: z.enum(["truncate", "error"]).optional(),
  cache: z
    .union([z.boolean(), z.custom<RerankCacheStore>(isStore, "must be true, false or a { get, set } store")])
    .optional(),
  onProgress: fn.optional(),
  headers: z.record(z.string(), z.string()).optional(),
  telemetry: z.strictObject({ enabled: z.boolean().optional(), recordInputs: z.boolean().optional() }).optional(),
} as const;

const rerankOptionsShape = {
  model: z.custom<RerankModel>(isModel, 'must be a RerankModel, e.g. createDashScope().rerankModel("qwen3-vl-rerank")'),
  query: z.unknown(),
  // Not z.array(z.unknown()): that would walk and copy the whole array just to learn that it is one.
  documents: z.custom<unknown[]>((value) => Array.isArray(value) && value.length > 0, "pass at least one document"),
  ...callSettingsShape,
};

/** Refuses bad `rerank()` options with an `InvalidArgumentError` naming the first bad one. */
export function checkRerankOptions(options: unknown): asserts options is RerankOptions {
  parseOptions(rerankOptionsShape, options, ["model", "documents"]);
}

/**
 * Checks call settings the way `rerank()` does, for wrappers that take them up front, so a bad option fails at
 * construction with the same `InvalidArgumentError`. Keys not in `RerankCallSettings` are refused.
 */
export function validateRerankCallSettings(settings: unknown): RerankCallSettings {
  parseOptions(callSettingsShape, settings);
  return settings as RerankCallSettings;
}
