import pLimit from "p-limit";
import { rerankDefaults } from "../defaults.js";
import type { RerankModel, RerankModelCallOptions, RerankModelCallResult } from "../spec/rerank-model.js";
import type { RerankPlan } from "./prepare.js";
import { RateLimiter } from "./rate-limiter.js";
import type { RerankOptions } from "./rerank-options.js";
import {
  composeSend,
  type SendWrapper,
  stopOthersOnFailure,
  withProgress,
  withRateLimit,
  withRetries,
} from "./send-wrappers.js";

const limiters = new WeakMap<RerankModel, RateLimiter>();

/** Sends every batch of the plan, `maxParallelCalls` at a time, and returns the answers in batch order. */
export async function execute(
  model: RerankModel,
  plan: RerankPlan,
  options: RerankOptions,
  signal: AbortSignal | undefined,
): Promise<RerankModelCallResult[]> {
  const stop = new AbortController();
  // Only several batches need a signal of their own, for one failure to stop the rest.
  const several = plan.batches.length > 1;
  const batchSignal = several ? (signal ? AbortSignal.any([signal, stop.signal]) : stop.signal) : signal;
  const send = composeSend((call) => model.doRerank(call), sendWrappers(model, plan, options, stop, batchSignal));
  const call = (batch: readonly number[]) => send(callOptions(plan, batch, options, batchSignal));
  // One batch has nothing to wait for; p-limit's queue would only add its own promises to every call.
  if (plan.batches.length === 0) return [];
  if (!several) return [await call(plan.batches[0]!)];
  const limit = pLimit(options.maxParallelCalls ?? rerankDefaults.maxParallelCalls);
  return Promise.all(plan.batches.map((batch) => limit(() => call(batch))));
}

function sendWrappers(
  model: RerankModel,
  plan: RerankPlan,
  options: RerankOptions,
  stop: AbortController,
  signal: AbortSignal | undefined,
): SendWrapper[] {
  const wrappers: SendWrapper[] = [];
  if (options.onProgress) wrappers.push(withProgress(options.onProgress, plan.batches.length, plan.unique.length));
  if (plan.batches.length > 1) wrappers.push(stopOthersOnFailure(stop));
  const retry = { ...options.retry, maxRetries: options.maxRetries ?? rerankDefaults.maxRetries };
  wrappers.push(withRetries(retry, signal));
  const limiter = rateLimiterFor(model, options.requestsPerMinute);
  if (limiter) wrappers.push(withRateLimit(limiter, signal));
  return wrappers;
}

function callOptions(
  plan: RerankPlan,
  batch: readonly number[],
  options: RerankOptions,
  abortSignal: AbortSignal | undefined,
): RerankModelCallOptions {
  // A call's only batch holds every document in order (planBatches), so it is sent as it is.
  const documents = batch.length === plan.unique.length ? plan.unique : batch.map((position) => plan.unique[position]!);
  return {
    query: plan.query,
    documents,
    // Each document's score stands on its own, so the best topN overall are among each batch's best topN.
    topN: options.topN === undefined ? undefined : Math.min(options.topN, documents.length),
    returnDocuments: options.returnDocuments,
    instruct: options.instruct,
    fps: options.fps,
    abortSignal,
    headers: options.headers,
    timeoutMs: options.timeoutMs,
  };
}

/** One limiter per model object and rate, so every call on that model shares it. */
function rateLimiterFor(model: RerankModel, requestsPerMinute: number | undefined): RateLimiter | undefined {
  if (requestsPerMinute === undefined) return undefined;
  let limiter = limiters.get(model);
  if (limiter?.requestsPerMinute !== requestsPerMinute) {
    limiter = new RateLimiter(requestsPerMinute);
    limiters.set(model, limiter);
  }
  return limiter;
}
