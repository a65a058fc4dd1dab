import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { afterEach, describe, expect, it } from "vitest";
import {
  createDashScope,
  type DashScopeProviderSettings,
  InvalidArgumentError,
  type RerankModel,
  RerankResponseValidationError,
  RerankRetryError,
  rerank,
} from "../index.js";

const apiKey = "sk-test-0123456789abcdef";

describe("answers, headers and keys", () => {
  const context = useRerankServer({ apiKey });
  const provider = (settings: DashScopeProviderSettings = {}) =>
    createDashScope({ apiKey, baseURL: context.baseURL, ...settings });
  const model = () => provider().rerankModel("qwen3-rerank");

  it("rejects bad options through the promise, never with a synchronous throw", async () => {
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = rerank({ model: model(), query: "q", documents: ["a"], topN: 0 });
    }).not.toThrow();
    await expect(pending).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(context.server.calls).toHaveLength(0);
  });

  it("turns a model that throws synchronously into a rejection, and does not retry a non-retryable error", async () => {
    let calls = 0;
    const throwing: RerankModel = {
      ...model(),
      doRerank: () => {
        calls++;
        throw new TypeError("broken model");
      },
    };
    await expect(rerank({ model: throwing, query: "q", documents: ["a"] })).rejects.toThrow("broken model");
    expect(calls).toBe(1);
  });

  it("sorts an answer that arrives in index order by score, ties by index", async () => {
    const body = {
      output: {
        results: [
          { index: 0, relevance_score: 0.2 },
          { index: 1, relevance_score: 0.9 },
          { index: 2, relevance_score: 0.2 },
          { index: 3, relevance_score: 0.5 },
        ],
      },
      request_id: "r-1",
    };
    context.server.enqueue({ type: "response", body });
    const { results } = await rerank({ model: model(), query: "q", documents: ["a", "b", "c", "d"] });
    expect(results.map(({ index, score }) => [index, score])).toEqual([
      [1, 0.9],
      [3, 0.5],
      [0, 0.2],
      [2, 0.2],
    ]);
  });

  it("names the field of a result with the wrong shape", async () => {
    const body = {
      output: {
        results: [
          { index: 0, relevance_score: 0.9 },
          { index: "1", relevance_score: 0.5 },
        ],
      },
      request_id: "r-2",
    };
    context.server.enqueue({ type: "response", body });
    const error = await rerank({ model: model(), query: "q", documents: ["a", "b"], maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(RerankResponseValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/results\[1\]\.index must be an integer/);
    expect((error as RerankResponseValidationError).requestId).toBe("r-2");
  });

  it("scores every copy of a repeated plain string, sending it once", async () => {
    const { results } = await rerank({
      model: model(),
      query: "apple",
      documents: ["apple pie", "pear", "apple pie", "apple pie"],
    });
    const sent = context.server.calls[0]!.body as { input: { documents: unknown[] } };
    expect(sent.input.documents).toEqual(["apple pie", "pear"]);
    expect(results.map((result) => result.index)).toEqual([0, 2, 3, 1]);
    expect(new Set(results.slice(0, 3).map((result) => result.score)).size).toBe(1);
  });

  it("cuts a text over the item budget to fit, says which, and refuses it under longDocuments: error", async () => {
    // qwen3-rerank: 4,000 tokens per item (docs/dashscope-api.md §2.2); ~3 ASCII characters a token, so 13,000 exceed it.
    const long = "word ".repeat(2_600);
    const near = "word ".repeat(2_300);
    for (const documents of [
      ["short", long, near],
      ["short", { text: long }, { text: near }],
    ]) {
      context.server.reset();
      const { warnings, results } = await rerank({ model: model(), query: "q", documents });
      expect(results.map((result) => result.index).sort()).toEqual([0, 1, 2]);
      expect(results.find((result) => result.index === 1)?.document).toBe(documents[1]);
      const sent = (context.server.calls[0]!.body as { input: { documents: string[] } }).input.documents;
      expect(sent[0]).toBe("short");
      expect(sent[2]).toBe(near);
      expect(long.startsWith(sent[1]!)).toBe(true);
      expect(sent[1]!.length).toBeLessThan(long.length);
      expect(Math.ceil(sent[1]!.length / 3) + 1).toBeLessThanOrEqual(4_000);
      expect(warnings.filter((warning) => warning.type === "truncation").map((warning) => warning.details)).toEqual([
        "1 document(s) cut to 4000 tokens (estimated), the most one item may hold: documents[1].",
      ]);
    }
    const calls = context.server.calls.length;
    const error = await rerank({
      model: model(),
      query: "q",
      documents: ["short", long],
      longDocuments: "error",
    }).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error) && error.argument).toBe("documents[1].text");
    expect(context.server.calls).toHaveLength(calls);
    const { warnings } = await rerank({ model: model(), query: "q", documents: ["short", near] });
    expect(warnings).toEqual([]);
  });

  describe("headers built once per key", () => {
    const saved = process.env.DASHSCOPE_API_KEY;
    afterEach(() => {
      if (saved === undefined) delete process.env.DASHSCOPE_API_KEY;
      else process.env.DASHSCOPE_API_KEY = saved;
    });

    it("still picks up a rotated environment key on the next request", async () => {
      process.env.DASHSCOPE_API_KEY = apiKey;
      const fromEnvironment = createDashScope({ baseURL: context.baseURL }).rerankModel("qwen3-rerank");
      await rerank({ model: fromEnvironment, query: "q", documents: ["a"] });
      const rotated = "sk-rotated-0000000000000000";
      process.env.DASHSCOPE_API_KEY = rotated;
      const error = await rerank({ model: fromEnvironment, query: "q", documents: ["a"] }).catch(
        (caught: unknown) => caught,
      );
      expect(context.server.calls.map((call) => call.headers.authorization)).toEqual([
        `Bearer ${apiKey}`,
        `Bearer ${rotated}`,
      ]);
      expect(error).toMatchObject({ status: 401 });
      expect(JSON.stringify(error)).not.toContain(rotated);
      expect(String((error as Error).message)).not.toContain(rotated);
    });

    it("merges per-call headers without touching the shared ones", async () => {
      await rerank({ model: model(), query: "q", documents: ["a"], headers: { "X-Trace": "one" } });
      await rerank({ model: model(), query: "q", documents: ["a"] });
      expect(context.server.calls.map((call) => call.headers["x-trace"])).toEqual(["one", undefined]);
      expect(context.server.calls.every((call) => call.headers.authorization === `Bearer ${apiKey}`)).toBe(true);
    });
  });

  it("keeps the key out of a retry error when a proxy echoes it into every answer", async () => {
    const echo = {
      type: "response" as const,
      status: 500,
      body: `upstream saw Bearer ${apiKey}`,
      headers: { "x-echo": apiKey },
    };
    context.server.enqueue(echo, echo, echo);
    const error = await rerank({
      model: model(),
      query: "q",
      documents: ["a"],
      retry: { sleep: async () => {} },
    }).catch((caught: unknown) => caught);
    expect(RerankRetryError.isInstance(error)).toBe(true);
    const everything = JSON.stringify(error, (_key, value) =>
      value instanceof Error ? { ...value, message: value.message } : value,
    );
    expect(everything).toContain("[REDACTED]");
    expect(everything).not.toContain(apiKey);
  });
});
