import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { compatibleHandler, nativeHandler } from "../dashscope/dashscope-rerank-model.js";
import { mayHaveDuplicates } from "../documents/may-have-duplicates.js";
import { handleRerankResponse, type RerankResponseHandler } from "../http/handle-rerank-response.js";
import { createDashScope, InvalidArgumentError, type RerankModel, RerankResponseValidationError, RerankRetryError, rerank } from "../index.js";
import { quickCheckRerankOptions, rerankOptionsSchema } from "../rerank/rerank-options.js";
import { apiKey, useServer } from "./helpers.js";

// The per-call shortcuts that `pnpm bench` measures must never change an answer or let bad input through.
describe("fast paths keep every guarantee", () => {
  const context = useServer();
  const model = () => context.provider().rerankModel("qwen3-rerank");

  describe("the hand check of options", () => {
    const anyValue = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -3, max: 200 }),
      fc.double(),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 0.5, 1.5, -0, 2 ** 53, Number.MAX_SAFE_INTEGER),
      fc.constantFrom("", "error", "rankLast", "media", "text", "both", "x"),
      fc.constant(new AbortController().signal),
      fc.constant({ get: () => undefined, set: () => undefined }),
      fc.constant([]),
    );
    const keys = [
      "topN",
      "scoreThreshold",
      "returnDocuments",
      "maxRetries",
      "timeoutMs",
      "deadlineMs",
      "maxParallelCalls",
      "dedupe",
      "emptyDocuments",
      "mixedContent",
      "cache",
      "abortSignal",
      "instruct",
      "headers",
      "retry",
      "unknownOption",
    ];

    it("accepts only what the schema accepts (fast-check)", () => {
      const stub = { specificationVersion: "v1", provider: "p", modelId: "m", limits: {}, doRerank: async () => ({}) };
      fc.assert(
        fc.property(
          fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 6 }),
          fc.constantFrom<unknown>(stub, {}, null, undefined),
          fc.constantFrom<unknown>(["a"], [], "a", undefined),
          (settings, model, documents) => {
            const options = { model, query: "q", documents, ...settings };
            if (quickCheckRerankOptions(options)) expect(rerankOptionsSchema.safeParse(options).success).toBe(true);
          },
        ),
        { numRuns: 2000 },
      );
    });

    it("takes the common calls without zod", () => {
      const stub = model();
      expect(quickCheckRerankOptions({ model: stub, query: "q", documents: ["a"] })).toBe(true);
      expect(quickCheckRerankOptions({ model: stub, query: "q", documents: ["a"], topN: 3, scoreThreshold: 0.2, emptyDocuments: "rankLast" })).toBe(true);
      expect(quickCheckRerankOptions({ model: stub, query: "q", documents: ["a"], topN: undefined, timeoutMs: undefined })).toBe(true);
      // Anything else is the schema's to decide, and to word.
      expect(quickCheckRerankOptions({ model: stub, query: "q", documents: ["a"], headers: { a: "b" } })).toBe(false);
      expect(quickCheckRerankOptions({ model: stub, query: "q", documents: ["a"], topN: 0 })).toBe(false);
    });
  });

  it("reads answers without zod exactly as with it, for any body (fast-check)", () => {
    const result = fc.record(
      {
        index: fc.oneof(fc.integer({ min: -1, max: 4 }), fc.constantFrom<unknown>("1", 1.5, null, undefined)),
        relevance_score: fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }), fc.constantFrom<unknown>("0.5", null, undefined)),
        document: fc.constantFrom<unknown>(undefined, { text: "a" }, "a"),
      },
      { requiredKeys: [] },
    );
    const results = fc.oneof(fc.array(result, { maxLength: 6 }), fc.constantFrom<unknown>(undefined, null, {}, "x"));
    const usage = fc.constantFrom<unknown>(
      undefined,
      null,
      { total_tokens: 7 },
      { input_tokens: 5 },
      { total_tokens: null, input_tokens: 3 },
      { total_tokens: "7" },
      [],
      "x",
    );
    const requestId = fc.constantFrom<unknown>(undefined, null, "r-1", 3);
    const outcome = <T>(handler: RerankResponseHandler<T>, body: string, expectedCount: number) => {
      try {
        return handleRerankResponse({ status: 200, headers: {}, body }, handler, { documentCount: 4, expectedCount });
      } catch (error) {
        return { error: (error as Error).name };
      }
    };
    const withoutQuickRead = <T>({ quickRead: _, ...handler }: RerankResponseHandler<T>): RerankResponseHandler<T> => handler;
    let accepted = 0;
    const pairs = [nativeHandler("http://127.0.0.1/native"), compatibleHandler("http://127.0.0.1/compatible")] as const;
    fc.assert(
      fc.property(results, usage, requestId, fc.integer({ min: 0, max: 5 }), fc.boolean(), fc.boolean(), (results, usage, id, count, matchCount, native) => {
        // Half the time the count is right, so that both valid and invalid answers are common.
        const expectedCount = matchCount && Array.isArray(results) ? results.length : count;
        const body = JSON.stringify(native ? { output: { results }, usage, request_id: id } : { results, usage, id });
        const handler = native ? pairs[0] : pairs[1];
        const fast = outcome(handler as RerankResponseHandler<unknown>, body, expectedCount);
        const slow = outcome(withoutQuickRead(handler as RerankResponseHandler<unknown>), body, expectedCount);
        expect(fast).toEqual(slow);
        if (!("error" in fast)) accepted++;
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(30);
  });

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

  it("leaves a result of the wrong shape to the schema, which names the field", async () => {
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
    const error = await rerank({ model: model(), query: "q", documents: ["a", "b"], maxRetries: 0 }).catch((caught: unknown) => caught);
    expect(RerankResponseValidationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/output\.results\.1\.index/);
    expect((error as RerankResponseValidationError).requestId).toBe("r-2");
  });

  it("scores every copy of a repeated plain string, sending it once", async () => {
    const { results } = await rerank({ model: model(), query: "apple", documents: ["apple pie", "pear", "apple pie", "apple pie"] });
    const sent = context.server.calls[0]!.body as { input: { documents: unknown[] } };
    expect(sent.input.documents).toEqual(["apple pie", "pear"]);
    expect(results.map((result) => result.index)).toEqual([0, 2, 3, 1]);
    expect(new Set(results.slice(0, 3).map((result) => result.score)).size).toBe(1);
  });

  describe("the duplicate check that hashes no text", () => {
    // Texts that share a fingerprint on purpose: same length, same first 16 characters, same sampled characters.
    const lookalike = (n: number) => `${"same header text".padEnd(16)}${String(n).padStart(4, "0")}${"x".repeat(200)}`;
    const texts = fc.array(
      fc.oneof(fc.string({ maxLength: 40 }), fc.string({ minLength: 41, maxLength: 400 }), fc.integer({ min: 0, max: 40 }).map(lookalike)),
      { maxLength: 120 },
    );

    it("never says 'no duplicates' when there is one, and finds real ones (fast-check)", () => {
      fc.assert(
        fc.property(texts, fc.nat(), fc.nat(), (list, from, to) => {
          const distinct = new Set(list).size === list.length;
          if (!mayHaveDuplicates(list)) expect(distinct).toBe(true);
          if (list.length === 0) return;
          // A copy made of new strings, so no answer can come from two texts being the same object.
          const withCopy = [...list];
          withCopy.splice(to % (list.length + 1), 0, [...list[from % list.length]!].join(""));
          expect(mayHaveDuplicates(withCopy)).toBe(true);
        }),
        { numRuns: 1000 },
      );
    });

    it("clears distinct texts that share a prefix and a length, so the usual call skips de-duplication", () => {
      const documents = Array.from({ length: 500 }, (_, index) => `Document ${index}: ${"rerank qwen vector search ".repeat(12)}`);
      expect(mayHaveDuplicates(documents)).toBe(false);
    });

    it("gives up rather than compare forever when many texts differ only where nothing is sampled", () => {
      // 41 distinct texts, one fingerprint: past the comparison budget the answer is "maybe", never "no".
      const documents = Array.from({ length: 41 }, (_, index) => lookalike(index));
      expect(new Set(documents).size).toBe(41);
      expect(mayHaveDuplicates(documents)).toBe(true);
    });

    it("still scores every copy and sends each text once when the check gives up", async () => {
      const documents = [...Array.from({ length: 40 }, (_, index) => lookalike(index)), lookalike(7), lookalike(3)];
      const { results } = await rerank({ model: model(), query: "header", documents });
      const sent = context.server.calls[0]!.body as { input: { documents: unknown[] } };
      expect(sent.input.documents).toHaveLength(40);
      expect(results.map((result) => result.index).sort((a, b) => a - b)).toEqual(documents.map((_, index) => index));
      const scoreOf = new Map(results.map((result) => [result.index, result.score]));
      expect(scoreOf.get(40)).toBe(scoreOf.get(7));
      expect(scoreOf.get(41)).toBe(scoreOf.get(3));
    });
  });

  it("warns about a text over the item budget, as plain strings and as { text }", async () => {
    // qwen3-rerank: 4,000 tokens per item (dashscope-api.md §2.2); ~3 ASCII characters a token, so 13,000 exceed it.
    const long = "word ".repeat(2_600);
    const near = "word ".repeat(2_300);
    for (const documents of [
      ["short", long, near],
      ["short", { text: long }, { text: near }],
    ]) {
      const { warnings, results } = await rerank({ model: model(), query: "q", documents });
      expect(results).toHaveLength(3);
      expect(warnings.filter((warning) => warning.type === "truncation").map((warning) => warning.details)).toEqual([
        "1 document(s) may exceed 4000 tokens; the API truncates them.",
      ]);
    }
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
      const fromEnvironment = createDashScope({ baseURL: `${context.server.url}/api/v1`, dispatcher: context.dispatcher }).rerankModel("qwen3-rerank");
      await rerank({ model: fromEnvironment, query: "q", documents: ["a"] });
      const rotated = "sk-rotated-0000000000000000";
      process.env.DASHSCOPE_API_KEY = rotated;
      const error = await rerank({ model: fromEnvironment, query: "q", documents: ["a"] }).catch((caught: unknown) => caught);
      expect(context.server.calls.map((call) => call.headers.authorization)).toEqual([`Bearer ${apiKey}`, `Bearer ${rotated}`]);
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
    const echo = { type: "response" as const, status: 500, body: `upstream saw Bearer ${apiKey}`, headers: { "x-echo": apiKey } };
    context.server.enqueue(echo, echo, echo);
    const error = await rerank({ model: model(), query: "q", documents: ["a"], retry: { sleep: async () => {} } }).catch((caught: unknown) => caught);
    expect(RerankRetryError.isInstance(error)).toBe(true);
    const everything = JSON.stringify(error, (_key, value) => (value instanceof Error ? { ...value, message: value.message } : value));
    expect(everything).toContain("[REDACTED]");
    expect(everything).not.toContain(apiKey);
  });
});
