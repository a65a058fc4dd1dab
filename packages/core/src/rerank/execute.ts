import pLimit from "p-limit";
import { rerankDefaults } from "../defaults.js";
import type { RerankModel } from "../spec/rerank-model.js";
import type { RerankPlan } from "./prepare.js";
import type { RerankOptions } from "./rerank-options.js";
import {
  type BatchAnswer,
  type BatchCall,
  composeSend,
  type SendWrapper,
  stopOthersOnFailure,
  withProgress,
  withRateLimit,
  withRetries,
} from "./send-wrappers.js";
import { budgetFor, limiterFor } from "./shared-state.js";
import { splitWhenTooLarge } from "./split-when-too-large.js";

/** Sends every batch of the plan, `maxParallelCalls` at a time, and returns the answers in batch order. */
export async function execute(
  model: RerankModel,
  plan: RerankPlan,
  options: RerankOptions,
  signal: AbortSignal | undefined,
): Promise<BatchAnswer[]> {
  const stop = new AbortController();
  // Only several batches need a signal of their own, for one failure to stop the rest.
  const several = plan.batches.length > 1;
  const batchSignal = several ? (signal ? AbortSignal.any([signal, stop.signal]) : stop.signal) : signal;
  const base = async (call: BatchCall): Promise<BatchAnswer> => {
    const { ranking, usage, requestId } = await model.doRerank(call.options);
    return { ranking, usage, requestIds: requestId ? [requestId] : [], requests: 1, warnings: [] };
  };
  const send = composeSend(base, sendWrappers(model, plan, options, stop, batchSignal));
  const call = (batchNumber: number) => send(batchCall(plan, batchNumber, options, batchSignal));
  if (plan.batches.length === 0) return [];
  // One batch has nothing to wait for; p-limit's queue would only add its own promises to every call.
  if (!several) return [await call(0)];
  const limit = pLimit(options.maxParallelCalls ?? rerankDefaults.maxParallelCalls);
  return Promise.all(plan.batches.map((_, batchNumber) => limit(() => call(batchNumber))));
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
  wrappers.push(splitWhenTooLarge);
  const limiter = limiterFor(model, options);
  const retry = { ...options.retry, maxRetries: options.maxRetries ?? rerankDefaults.maxRetries };
  wrappers.push(withRetries(retry, signal, { budget: budgetFor(model, options), limiter }));
  if (limiter) wrappers.push(withRateLimit(limiter, signal));
  return wrappers;
}

function batchCall(
  plan: RerankPlan,
  batchNumber: number,
  options: RerankOptions,
  abortSignal: AbortSignal | undefined,
) {
  const batch = plan.batches[batchNumber]!;
  // A call's only batch holds every document in order (planBatches), so it is sent as it is.
  const documents = batch.length === plan.unique.length ? plan.unique : batch.map((position) => plan.unique[position]!);
  const call: BatchCall = {
    estimatedTokens: plan.batchTokens[batchNumber]!,
    options: {
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
      maxTokensPerDocument: plan.maxTokensPerDocument,
    },
  };
  return call;
}
