import { describe, expect, it } from "vitest";
import { estimateTextTokens } from "./estimate-text-tokens.js";
import { truncateText } from "./truncate-text.js";

describe("truncateText", () => {
  it("keeps the longest start (right) or end (left) within the budget", () => {
    expect(truncateText("abcdefghij", 2)).toBe("abcdefgh");
    expect(truncateText("abcdefghij", 2, "left")).toBe("cdefghij");
    expect(truncateText("重排序模型", 3)).toBe("重排序");
    expect(truncateText("重排序模型", 3, "left")).toBe("序模型");
    expect(truncateText("short", 100)).toBe("short");
    expect(truncateText("short", 0)).toBe("");
  });

  it("never splits a surrogate pair", () => {
    const emoji = "a😀😀😀b";
    for (const side of ["left", "right"] as const) {
      for (let budget = 0; budget <= 5; budget++) {
        const kept = truncateText(emoji, budget, side);
        expect(kept).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        expect(estimateTextTokens(kept)).toBeLessThanOrEqual(budget);
      }
    }
    expect(truncateText(emoji, 2)).toBe("a😀");
    expect(truncateText(emoji, 2, "left")).toBe("😀b");
  });
});
