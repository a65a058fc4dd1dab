import type { RerankModel } from "../spec/rerank-model.js";
import type { RetryBudget } from "../spec/retry-budget.js";
import { createRateLimiter, type RerankRateLimiter } from "./rate-limiter.js";
import type { RerankOptions } from "./rerank-options.js";
import { createRetryBudget } from "./retry-budget.js";

const shorthandLimiters = new WeakMap<RerankModel, { requestsPerMinute: number; limiter: RerankRateLimiter }>();
const modelBudgets = new WeakMap<RerankModel, RetryBudget>();

/**
 * The call's limiter: the one given, else, for the `requestsPerMinute` shorthand, one per model object and rate, so
 * every call on that model shares it.
 */
export function limiterFor(model: RerankModel, options: RerankOptions): RerankRateLimiter | undefined {
  if (options.rateLimiter) return options.rateLimiter;
  const { requestsPerMinute } = options;
  if (requestsPerMinute === undefined) return undefined;
  let shared = shorthandLimiters.get(model);
  if (shared?.requestsPerMinute !== requestsPerMinute) {
    shared = { requestsPerMinute, limiter: createRateLimiter({ requestsPerMinute }) };
    shorthandLimiters.set(model, shared);
  }
  return shared.limiter;
}

/** The call's retry budget: the one given, none for `false`, else the provider's, else one per model object. */
export function budgetFor(model: RerankModel, options: RerankOptions): RetryBudget | undefined {
  if (options.retryBudget === false) return undefined;
  if (options.retryBudget) return options.retryBudget;
  if (model.retryBudget) return model.retryBudget;
  let budget = modelBudgets.get(model);
  if (!budget) {
    budget = createRetryBudget();
    modelBudgets.set(model, budget);
  }
  return budget;
}
