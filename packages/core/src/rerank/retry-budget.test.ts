import { describe, expect, it } from "vitest";
import { RerankAPIError } from "../spec/errors/rerank-api-error.js";
import { RerankTimeoutError } from "../spec/errors/rerank-timeout-error.js";
import { createRetryBudget } from "./retry-budget.js";

const serverError = new RerankAPIError({ provider: "DashScope", status: 503, url: "http://127.0.0.1/rerank" });
const timeout = new RerankTimeoutError({ timeoutMs: 1000, url: "http://127.0.0.1/rerank" });

/** How many retries the budget allows in a row after `error`. */
function retriesAllowed(budget: ReturnType<typeof createRetryBudget>, error: unknown): number {
  let allowed = 0;
  while (budget.spend(error)) allowed++;
  return allowed;
}

describe("createRetryBudget", () => {
  it("holds 500 units: 100 retries at 5 each, then none", () => {
    const budget = createRetryBudget();
    expect(retriesAllowed(budget, serverError)).toBe(100);
    expect(budget.spend(serverError)).toBe(false);
  });

  it("charges a retry after a timeout 10, so a timing-out service drains it twice as fast", () => {
    expect(retriesAllowed(createRetryBudget(), timeout)).toBe(50);
  });

  it("gives 1 unit back per success: five successes pay for one more retry", () => {
    const budget = createRetryBudget();
    retriesAllowed(budget, serverError);
    for (let i = 0; i < 4; i++) budget.refill();
    expect(budget.spend(serverError)).toBe(false);
    budget.refill();
    expect(budget.spend(serverError)).toBe(true);
    expect(budget.spend(serverError)).toBe(false);
  });

  it("never refills past its capacity", () => {
    const budget = createRetryBudget();
    for (let i = 0; i < 1000; i++) budget.refill();
    expect(retriesAllowed(budget, serverError)).toBe(100);
  });

  it("refuses a retry it cannot pay in full, and keeps what is left for a cheaper one", () => {
    const budget = createRetryBudget({ capacity: 12 });
    expect(budget.spend(timeout)).toBe(true);
    expect(budget.spend(timeout)).toBe(false);
    // 2 left: not enough for a 5-unit retry either.
    expect(budget.spend(serverError)).toBe(false);
    for (let i = 0; i < 3; i++) budget.refill();
    expect(budget.spend(serverError)).toBe(true);
  });

  it("takes its numbers from the options", () => {
    const budget = createRetryBudget({ capacity: 10, retryCost: 2, timeoutCost: 4, successRefill: 3 });
    expect(retriesAllowed(budget, serverError)).toBe(5);
    budget.refill();
    expect(retriesAllowed(budget, timeout)).toBe(0);
    budget.refill();
    expect(retriesAllowed(budget, timeout)).toBe(1);
  });
});
