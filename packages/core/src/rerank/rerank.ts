import type { RerankDocument } from "../spec/rerank-document.js";
import type { RerankModel, RerankModelCallResult } from "../spec/rerank-model.js";
import { resolveModel } from "../spec/resolve-model.js";
import { execute } from "./execute.js";
import { answeredBatches, fromCache, merge, scoredPositions } from "./merge.js";
import { prepare } from "./prepare.js";
import { openCache } from "./rerank-cache.js";
import type { RerankOptions, RerankResult, RerankUsage } from "./rerank-options.js";
import { checkRerankOptions } from "./rerank-options-schema.js";
import { withDeadline } from "./with-deadline.js";

/**
 * Reranks documents against a query: checks the options, resolves media, sends identical documents once, splits the
 * documents where the model's limits require, sends the requests in parallel with retries, and merges the answers
 * into one ranking whose `index` points into your `documents`. Nothing you pass in is mutated.
 */
export async function rerank<DOCUMENT extends RerankDocument>(
  options: RerankOptions<DOCUMENT>,
): Promise<RerankResult<DOCUMENT>> {
  checkRerankOptions(options);
  const model = resolveModel(options.model);
  return withDeadline(options.deadlineMs, options.abortSignal, (signal) => run(options, model, signal));
}

async function run<DOCUMENT extends RerankDocument>(
  options: RerankOptions<DOCUMENT>,
  model: RerankModel,
  signal: AbortSignal | undefined,
): Promise<RerankResult<DOCUMENT>> {
  const plan = await prepare(options, model);
  const cache = openCache(options, model, plan);
  const hit = await cache?.read();
  if (hit) {
    const extras = { usage: { totalTokens: 0 }, requestIds: [], requestCount: 0, cached: true };
    return merge(options, plan, fromCache(plan, hit.ranking), { ...extras, warnings: plan.warnings });
  }
  const answers = await execute(model, plan, options, signal);
  const answered = answeredBatches(plan, answers);
  const usage = sumUsage(answers);
  const { totalTokens } = usage;
  await cache?.write({ ranking: scoredPositions(answered), totalTokens });
  const requestIds = answers.flatMap((answer) => (answer.requestId ? [answer.requestId] : []));
  const extras = { usage, requestIds, requestCount: answers.length, cached: false };
  return merge(options, plan, answered, { ...extras, warnings: plan.warnings });
}

/** The requests' usage added up. A part counts only when every request reported it; the total is never less than them. */
function sumUsage(answers: readonly RerankModelCallResult[]): RerankUsage {
  const sum = (part: "imageTokens" | "textTokens") =>
    answers.every((answer) => answer.usage[part] !== undefined)
      ? answers.reduce((total, answer) => total + answer.usage[part]!, 0)
      : undefined;
  const imageTokens = answers.length === 0 ? undefined : sum("imageTokens");
  const textTokens = answers.length === 0 ? undefined : sum("textTokens");
  const reported = answers.reduce((total, answer) => total + (answer.usage.totalTokens ?? 0), 0);
  const totalTokens = Math.max(reported, (imageTokens ?? 0) + (textTokens ?? 0));
  return {
    totalTokens,
    ...(imageTokens === undefined ? {} : { imageTokens }),
    ...(textTokens === undefined ? {} : { textTokens }),
  };
}
