import { describe, expect, it } from "vitest";
import { estimateCost } from "./estimate-cost.js";

describe("estimateCost", () => {
  it("prices image and text tokens apart for qwen3-vl-rerank (CNY 1.8 and 0.7 per million)", () => {
    const cost = estimateCost({ totalTokens: 4_087, imageTokens: 3_880, textTokens: 207 }, "qwen3-vl-rerank");
    expect(cost).toMatchObject({ currency: "CNY", upperBound: false });
    expect(cost!.amount).toBeCloseTo((3_880 * 1.8 + 207 * 0.7) / 1e6, 12);
  });

  it("gives an upper bound when the answer did not split the tokens", () => {
    const cost = estimateCost({ totalTokens: 1_000_000 }, "qwen3-vl-rerank");
    expect(cost).toMatchObject({ amount: 1.8, upperBound: true });
  });

  it("prices text models by their total, and knows nothing of other models", () => {
    expect(estimateCost({ totalTokens: 2_000_000 }, "qwen3.7-text-rerank")).toMatchObject({
      currency: "CNY",
      amount: 1,
    });
    expect(estimateCost({ totalTokens: 10 }, "my-own-model")).toBeUndefined();
  });
});
