import { describe, expect, it } from "vitest";
import { estimateTextTokens } from "./estimate-text-tokens.js";
import { routePaths } from "./route-dialect.js";
import { useRerankServer } from "./vitest/index.js";

const { native, compatible } = routePaths;
const text = (model: string, query: string, documents: string[]) => ({ model, input: { query, documents } });
const tokens = (count: number) => "abcd".repeat(count); // four ASCII characters a token

// A conservative client estimate: three ASCII characters a token, one per non-ASCII character.
function clientTokens(value: string): number {
  let ascii = 0;
  let other = 0;
  for (const character of value) {
    if (character.charCodeAt(0) < 0x80) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 3) + other;
}

// The longest start of `value` a conservative client would send for a limit of `limit` tokens.
function clientTruncate(value: string, limit: number): string {
  const characters = [...value];
  let low = 0;
  let high = characters.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (clientTokens(characters.slice(0, middle).join("")) <= limit) low = middle;
    else high = middle - 1;
  }
  return characters.slice(0, low).join("");
}

// docs/dashscope-api.md §2.2, §10.2
describe("per-item limits, refused by default", () => {
  const rerank = useRerankServer({ limits: { "tiny-rerank": { itemTokens: 10 } } });

  it("answers a gte-rerank-v2 document over 300,000 characters exactly as the real API does", async () => {
    const documents = ["short", "x".repeat(300_001)];
    const { status, body } = await rerank.post(native, text("gte-rerank-v2", "q", documents));
    expect(status).toBe(400);
    expect(body).toEqual({
      request_id: rerank.server.calls[0]?.requestId,
      code: "InvalidParameter",
      message:
        "<400> InternalError.Algo.InvalidParameter: Value error, document index:1 is invalid, it should not be larger than 300000: input.documents",
    });
  });

  it("counts characters as code points, and then refuses the item for its tokens", async () => {
    const emoji = "😀".repeat(300_000); // 600,000 UTF-16 units
    const { body } = await rerank.post<{ message: string }>(native, text("gte-rerank-v2", "q", [emoji]));
    expect(body.message).toBe(
      "<400> InternalError.Algo.InvalidParameter: Value error, document index:0 is invalid, it has about 300000 tokens, more than the 4000 allowed per item: input.documents",
    );
  });

  it.each([
    ["qwen3-rerank", 4000],
    ["gte-rerank-v2", 4000],
    ["qwen3.7-text-rerank", 30_000],
    ["qwen3-vl-rerank", 8000],
  ])("holds %s to %i tokens per document, naming the item", async (model, limit) => {
    expect((await rerank.post(native, text(model, "q", ["a", tokens(limit)]))).status).toBe(200);
    const over = await rerank.post<{ code: string; message: string }>(
      native,
      text(model, "q", ["a", "b", `${tokens(limit)}a`]),
    );
    expect(over.status).toBe(400);
    expect(over.body.code).toBe("InvalidParameter");
    expect(over.body.message).toContain(`document index:2 is invalid, it has about ${limit + 1} tokens`);
  });

  it("holds the query to the same limit, on the compatible route too", async () => {
    const over = await rerank.post<{ message: string }>(native, text("qwen3-rerank", tokens(4001), ["a"]));
    expect(over.body.message).toMatch(/query is invalid, .*: input\.query$/);
    const compatibleOver = await rerank.post(compatible, {
      model: "qwen3-rerank",
      query: "q",
      documents: [tokens(4001)],
    });
    expect(compatibleOver).toMatchObject({ status: 400, body: { error: { code: "invalid_parameter_error" } } });
  });

  it("never refuses what a conservative client truncated to the limit", async () => {
    const mixed = "Rerank 模型 сортирует 😀 documents, ça marche. 重排序 ".repeat(2000);
    for (const sample of [mixed, "x".repeat(20_000), "重".repeat(5000), "é".repeat(9000)]) {
      const sent = clientTruncate(sample, 4000);
      expect(clientTokens(sent)).toBeLessThanOrEqual(4000);
      expect(estimateTextTokens(sent)).toBeLessThanOrEqual(clientTokens(sent));
      expect((await rerank.post(native, text("qwen3-rerank", sent, [sent]))).status).toBe(200);
    }
  });

  it("takes item limits from the limits option", async () => {
    expect((await rerank.post(native, text("tiny-rerank", "q", [tokens(10)]))).status).toBe(200);
    expect((await rerank.post(native, text("tiny-rerank", "q", [tokens(11)]))).status).toBe(400);
  });
});

describe("per-item limits with overlongItems: truncate", () => {
  const rerank = useRerankServer({ overlongItems: "truncate" });

  it("cuts an over-long document silently: its tail no longer scores, usage counts what was kept", async () => {
    const long = `${"lorem ".repeat(4000)} zebra`; // ~6,000 tokens; "zebra" sits past the 4,000th
    const { status, body } = await rerank.post<{ output: { results: { index: number }[] }; usage: unknown }>(
      native,
      text("qwen3-rerank", "zebra", [long, "a zebra"]),
    );
    expect(status).toBe(200);
    expect(body.output.results.map((result) => result.index)).toEqual([1, 0]);
    expect(rerank.server.calls[0]?.truncated).toEqual([0]);
    const queryTokens = estimateTextTokens("zebra");
    expect(body.usage).toEqual({ total_tokens: queryTokens * 2 + 4000 + estimateTextTokens("a zebra") });
  });

  it("still refuses gte-rerank-v2 documents over 300,000 characters", async () => {
    expect((await rerank.post(native, text("gte-rerank-v2", "q", ["x".repeat(300_001)]))).status).toBe(400);
    expect((await rerank.post(native, text("gte-rerank-v2", "q", ["x".repeat(300_000)]))).status).toBe(200);
    expect(rerank.server.calls[1]?.truncated).toEqual([0]);
  });
});
