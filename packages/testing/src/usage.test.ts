import { describe, expect, it } from "vitest";
import { estimateImageTokens } from "./estimate-image-tokens.js";
import { estimateTextTokens } from "./estimate-text-tokens.js";
import { routePaths } from "./route-dialect.js";
import { useRerankServer } from "./vitest/index.js";

const { native, compatible } = routePaths;

/** A PNG data URI whose header declares `width` × `height` (the pixel data is left out). */
function png(width: number, height: number): string {
  const header = Buffer.alloc(33);
  Buffer.from("89504e470d0a1a0a0000000d49484452", "hex").copy(header);
  header.writeUInt32BE(width, 16);
  header.writeUInt32BE(height, 20);
  return `data:image/png;base64,${header.toString("base64")}`;
}

/** A JPEG data URI with an APP0 segment, then a baseline frame header declaring `width` × `height`. */
function jpeg(width: number, height: number): string {
  const app0 = Buffer.from("ffe000104a46494600010100000100010000", "hex");
  const frame = Buffer.from("ffc0001108000000000301220002110103110100", "hex");
  frame.writeUInt16BE(height, 5);
  frame.writeUInt16BE(width, 7);
  return `data:image/jpeg;base64,${Buffer.concat([Buffer.from("ffd8", "hex"), app0, frame]).toString("base64")}`;
}

describe("the token stand-ins", () => {
  it("counts about four ASCII characters a token and one per CJK character", () => {
    expect(estimateTextTokens("")).toBe(0);
    expect(estimateTextTokens("red running shoe")).toBe(4);
    expect(estimateTextTokens("重排序模型")).toBe(5);
    expect(estimateTextTokens("ça")).toBe(1);
  });

  it("reads PNG and JPEG sizes: one token per 32×32 patch, at least 4 and at most 1,800", () => {
    expect(estimateImageTokens(png(320, 64))).toBe(20);
    expect(estimateImageTokens(jpeg(100, 33))).toBe(8); // 4 × 2 patches
    expect(estimateImageTokens(png(1, 1))).toBe(4);
    expect(estimateImageTokens(png(4000, 3000))).toBe(1800);
    expect(estimateImageTokens("https://x.test/cat.png")).toBe(64);
    expect(estimateImageTokens("data:image/webp;base64,UklGRg==")).toBe(64);
  });
});

// docs/dashscope-api.md §3.1, §10.4
describe("usage fields by model", () => {
  const rerank = useRerankServer();

  it("splits qwen3-vl-rerank usage into image_tokens and text-only input_tokens", async () => {
    const documents = [{ image: png(320, 64) }, { text: "a red shoe", image: jpeg(64, 64) }, "blue hat"];
    const { body } = await rerank.post<{ usage: unknown }>(native, {
      model: "qwen3-vl-rerank",
      input: { query: "red shoe", documents },
    });
    const query = estimateTextTokens("red shoe");
    const text = query * 3 + estimateTextTokens("a red shoe") + estimateTextTokens("blue hat");
    const image = 20 + 4;
    expect(body.usage).toEqual({ image_tokens: image, input_tokens: text, total_tokens: image + text });
  });

  it("counts an image query once per document", async () => {
    const { body } = await rerank.post<{ usage: { image_tokens: number } }>(native, {
      model: "qwen3-vl-rerank",
      input: { query: { image: "https://x.test/q.jpg" }, documents: ["a", "b"] },
    });
    expect(body.usage.image_tokens).toBe(2 * 64);
  });

  it("answers qwen3.7-text-rerank with prompt_tokens and a slightly larger total_tokens, on both routes", async () => {
    const documents = ["apple pie", "pear tart", "plum"];
    const prompt = estimateTextTokens("fruit") * 3 + documents.reduce((sum, d) => sum + estimateTextTokens(d), 0);
    const expected = { prompt_tokens: prompt, total_tokens: prompt + 24 };
    const nativeAnswer = await rerank.post<{ usage: unknown }>(native, {
      model: "qwen3.7-text-rerank",
      input: { query: "fruit", documents },
    });
    expect(nativeAnswer.body.usage).toEqual(expected);
    const compatibleAnswer = await rerank.post<{ usage: unknown }>(compatible, {
      model: "qwen3.7-text-rerank",
      query: "fruit",
      documents,
    });
    expect(compatibleAnswer.body.usage).toEqual(expected);
  });

  it("answers other text models with total_tokens only", async () => {
    const { body } = await rerank.post<{ usage: unknown }>(native, {
      model: "qwen3-rerank",
      input: { query: "q", documents: ["abcd abcd"] },
    });
    expect(body.usage).toEqual({ total_tokens: 1 + 3 });
  });
});

describe("usageFields: total-only", () => {
  const rerank = useRerankServer({ usageFields: "total-only" });

  it("answers every model with the older total_tokens alone", async () => {
    const { body } = await rerank.post<{ usage: unknown }>(native, {
      model: "qwen3-vl-rerank",
      input: { query: "q", documents: [{ image: png(64, 32) }] },
    });
    expect(body.usage).toEqual({ total_tokens: 1 + 4 });
  });
});
