import { describe, expect, it } from "vitest";
import { dashscopeModelLimits } from "../dashscope/dashscope-model-limits.js";
import { fitWithin } from "../documents/fit-within.js";
import type { RerankModelLimits } from "../spec/rerank-model.js";
import { estimateImageTokens, estimateItemTokens, estimateTextTokens } from "./estimate-tokens.js";

const limits = dashscopeModelLimits("qwen3-vl-rerank");
const image = "data:image/jpeg;base64,AAAA";

describe("image token estimates (docs/dashscope-api.md §7.1)", () => {
  it("count one token per 32×32 patch of the image as the model scales it, plus its two special tokens", () => {
    const tokens = (width: number, height: number) =>
      estimateItemTokens({ image, imageSize: { width, height } }, limits);
    expect(tokens(1567, 1175)).toBe(1_800 + 2); // 49 × 37 patches, held to the cap's 1,800
    expect(tokens(640, 480)).toBe(20 * 15 + 2);
    expect(tokens(641, 481)).toBe(21 * 16 + 2); // sides rounded up, never short
    expect(tokens(800, 600)).toBe(25 * 19 + 2);
    expect(tokens(4032, 3024)).toBe(1_800 + 2); // scaled to the cap by the model: as much as the largest, no more
    expect(tokens(16, 16)).toBe(4 + 2); // the model scales a tiny image up to 4 patches
    expect(tokens(1, 4000)).toBeLessThanOrEqual(1_802);
  });

  it("grow with the image, and keep a conservative stand-in when the size is unknown (URLs)", () => {
    const sizes = [64, 256, 512, 1024, 1357];
    const estimates = sizes.map((side) => estimateImageTokens({ width: side, height: side }, limits));
    for (let i = 1; i < estimates.length; i++) expect(estimates[i]!).toBeGreaterThan(estimates[i - 1]!);
    expect(estimateItemTokens({ image: "https://example.com/a.jpg" }, limits)).toBe(2_000);
    expect(estimateImageTokens(undefined, limits)).toBeGreaterThan(
      estimateImageTokens({ width: 9999, height: 9999 }, limits),
    );
  });

  it("follow the model's own cap, and add the text of a mixed document", () => {
    const smallCap: RerankModelLimits = { ...limits, maxImagePixels: 256 * 1024 };
    expect(estimateImageTokens({ width: 4032, height: 3024 }, smallCap)).toBe(256 + 2);
    const text = "a caption of the photo";
    const mixed = estimateItemTokens({ text, image, imageSize: { width: 640, height: 480 } }, limits);
    expect(mixed).toBe(estimateTextTokens(text) + 302);
    // A model without a cap is estimated at the open model's.
    const { maxImagePixels: _, ...uncapped } = limits;
    expect(estimateImageTokens({ width: 4032, height: 3024 }, uncapped)).toBe(1_802);
  });

  it("for an image query too", () => {
    expect(estimateItemTokens({ image, imageSize: { width: 320, height: 320 } }, limits)).toBe(100 + 2);
  });
});

describe("fitWithin", () => {
  it("keeps the aspect ratio, stays within the cap and never scales up", () => {
    expect(fitWithin({ width: 4032, height: 3024 }, 1_843_200)).toEqual({ width: 1567, height: 1175 });
    expect(fitWithin({ width: 800, height: 600 }, 1_843_200)).toEqual({ width: 800, height: 600 });
    for (const [width, height] of [
      [4000, 3000],
      [3024, 4032],
      [90_000, 100],
      [12345, 6789],
      [1921, 960],
    ] as const) {
      const fitted = fitWithin({ width, height }, 1_843_200);
      expect(fitted.width * fitted.height).toBeLessThanOrEqual(1_843_200);
      expect(fitted.width * fitted.height).toBeGreaterThan(1_843_200 * 0.99);
      expect(Math.abs(fitted.width / fitted.height - width / height) / (width / height)).toBeLessThan(0.01);
    }
    expect(fitWithin({ width: 100_000, height: 1 }, 1_000)).toEqual({ width: 1_000, height: 1 });
  });
});
