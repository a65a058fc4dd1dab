import type { RerankModelCallOptions, RerankModelCallResult } from "../spec/rerank-model.js";
import type { RerankWarning } from "../spec/rerank-warning.js";
import type { RetryBudget } from "../spec/retry-budget.js";
import type { RerankRateLimiter } from "./rate-limiter.js";
import type { RerankProgress } from "./rerank-options.js";
import { type RetrySettings, retryWithBackoff } from "./retry-with-backoff.js";

/** One batch to send: the model's call options, and the tokens `rerank()` estimates it will be billed. */
export interface BatchCall {
  options: RerankModelCallOptions;
  estimatedTokens: number;
}

/** What sending one batch gave: its ranking, and what the requests it took (one, or more when split) reported. */
export interface BatchAnswer {
  ranking: RerankModelCallResult["ranking"];
  usage: RerankModelCallResult["usage"];
  requestIds: string[];
  requests: number;
  warnings: RerankWarning[];
}

/** Sends one batch: a model's `doRerank`, or that wrapped in any of the behaviours below. */
export type Send = (call: BatchCall) => Promise<BatchAnswer>;

/** A behaviour around sending, undici-interceptor style: it gets the next `Send` and returns its own. */
export type SendWrapper = (next: Send) => Send;

/** Applies `wrappers` so that the first one listed is the outermost. */
export const composeSend = (send: Send, wrappers: readonly SendWrapper[]): Send =>
  wrappers.reduceRight((next, wrap) => wrap(next), send);

/** Each attempt waits for the limiter first, so a retry is paced like any other request. */
export const withRateLimit =
  (limiter: RerankRateLimiter, signal: AbortSignal | undefined): SendWrapper =>
  (next) =>
  async (call) => {
    await limiter.acquire({ requests: 1, tokens: call.estimatedTokens }, signal);
    return next(call);
  };

export const withRetries =
  (
    settings: RetrySettings,
    signal: AbortSignal | undefined,
    shared: { budget?: RetryBudget; limiter?: RerankRateLimiter },
  ): SendWrapper =>
  (next) =>
  (call) =>
    retryWithBackoff(() => next(call), settings, signal, shared);

export function withProgress(
  onProgress: (progress: RerankProgress) => void,
  totalBatches: number,
  totalDocuments: number,
) {
  let completedBatches = 0;
  let completedDocuments = 0;
  return ((next) => async (call) => {
    const result = await next(call);
    completedBatches++;
    completedDocuments += call.options.documents.length;
    onProgress({ completedBatches, totalBatches, completedDocuments, totalDocuments });
    return result;
  }) satisfies SendWrapper;
}

/** One failed batch fails the call, so the others are stopped, or never sent, rather than paid for for nothing. */
export const stopOthersOnFailure =
  (controller: AbortController): SendWrapper =>
  (next) =>
  async (call) => {
    controller.signal.throwIfAborted();
    try {
      return await next(call);
    } catch (error) {
      controller.abort(error);
      throw error;
    }
  };
