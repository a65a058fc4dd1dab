import type { RerankDocument } from "../spec/rerank-document.js";
import type { RerankModel } from "../spec/rerank-model.js";
import { resolveModel } from "../spec/resolve-model.js";
import { withRerankSpan } from "../telemetry/rerank-span.js";
import { execute } from "./execute.js";
import { answeredBatches, fromCache, merge, scoredPositions } from "./merge.js";
import { prepare } from "./prepare.js";
import { openCache } from "./rerank-cache.js";
import type { RerankOptions, RerankResult, RerankUsage } from "./rerank-options.js";
import { checkRerankOptions } from "./rerank-options-schema.js";
import type { BatchAnswer } from "./send-wrappers.js";
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
  return withRerankSpan(options, model, () =>
    withDeadline(options.deadlineMs, options.abortSignal, (signal) => run(options, model, signal)),
  );
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
  const warnings = [...plan.warnings, ...answers.flatMap((answer) => answer.warnings)];
  const { totalTokens } = usage;
  await cache?.write({ ranking: scoredPositions(answered), totalTokens });
  const requestIds = answers.flatMap((answer) => answer.requestIds);
  const requestCount = answers.reduce((sum, answer) => sum + answer.requests, 0);
  return merge(options, plan, answered, { usage, requestIds, requestCount, cached: false, warnings });
}

/**
 * The requests' usage added up. A request that left out its total counts the sum of its parts; the image and text
 * parts are reported only when every request reported them.
 */
function sumUsage(answers: readonly BatchAnswer[]): RerankUsage {
  const sum = (part: "imageTokens" | "textTokens") =>
    answers.length > 0 && answers.every((answer) => answer.usage[part] !== undefined)
      ? answers.reduce((total, answer) => total + answer.usage[part]!, 0)
      : undefined;
  const totalTokens = answers.reduce(
    (total, { usage }) => total + (usage.totalTokens ?? (usage.imageTokens ?? 0) + (usage.textTokens ?? 0)),
    0,
  );
  const imageTokens = sum("imageTokens");
  const textTokens = sum("textTokens");
  return {
    totalTokens,
    ...(imageTokens === undefined ? {} : { imageTokens }),
    ...(textTokens === undefined ? {} : { textTokens }),
  };
}
