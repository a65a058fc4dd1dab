import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RerankAPIError } from "../spec/errors/rerank-api-error.js";
import { RerankResponseValidationError } from "../spec/errors/rerank-response-validation-error.js";
import { type AnswerReader, readAnswer } from "./read-answer.js";

const schema = z.object({
  results: z.array(z.object({ index: z.number().int(), relevance_score: z.number().finite() })),
  id: z.string().nullish(),
});
const reader: AnswerReader<z.infer<typeof schema>> = {
  label: "Test",
  schema,
  read: (body) => ({ results: body.results, usage: { totalTokens: undefined }, requestId: body.id ?? undefined }),
  readError: (body) => {
    const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
    return {
      code: typeof code === "string" ? code : undefined,
      message: typeof message === "string" ? message : undefined,
      requestId: undefined,
    };
  },
  hasResults: (body) => typeof body === "object" && body !== null && "results" in body,
};
const url = "http://127.0.0.1/rerank";

describe("readAnswer", () => {
  it("returns a ranking only when it is sound, and a typed error otherwise (fast-check)", () => {
    const result = fc.record(
      {
        index: fc.oneof(fc.integer({ min: -1, max: 4 }), fc.constantFrom<unknown>("1", 1.5, null)),
        relevance_score: fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }), fc.constantFrom<unknown>("0.5", null)),
      },
      { requiredKeys: [] },
    );
    const results = fc.oneof(fc.array(result, { maxLength: 6 }), fc.constantFrom<unknown>(undefined, null, {}, "x"));
    let accepted = 0;
    fc.assert(
      fc.property(
        results,
        fc.integer({ min: 0, max: 5 }),
        fc.boolean(),
        fc.oneof(fc.constant(200), fc.integer({ min: 200, max: 503 })),
        (list, count, match, status) => {
          const expectedCount = match && Array.isArray(list) ? list.length : count;
          const body = JSON.stringify({ results: list, id: "r-1" });
          try {
            const { ranking } = readAnswer({ status, headers: {}, body }, reader, url, {
              documentCount: 4,
              expectedCount,
            });
            accepted++;
            expect(status).toBeLessThan(300);
            expect(ranking).toHaveLength(expectedCount);
            expect(new Set(ranking.map((item) => item.index)).size).toBe(ranking.length);
            for (const { index, score } of ranking) {
              expect(Number.isInteger(index) && index >= 0 && index < 4).toBe(true);
              expect(Number.isFinite(score)).toBe(true);
            }
          } catch (error) {
            const typed =
              status < 300 ? RerankResponseValidationError.isInstance(error) : RerankAPIError.isInstance(error);
            expect(typed).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
    expect(accepted).toBeGreaterThan(30);
  });

  it("treats a 2xx body without results but with an error code as an API error", () => {
    const read = () =>
      readAnswer({ status: 200, headers: {}, body: '{"code":"Throttling","message":"slow"}' }, reader, url, {
        documentCount: 1,
        expectedCount: 1,
      });
    expect(read).toThrow(RerankAPIError);
    expect(read).toThrow(/Test rerank failed: 200 Throttling: slow/);
  });

  it("lets the provider decide which API errors are retried", () => {
    const picky = { ...reader, isRetryable: (status: number) => (status === 429 ? false : undefined) };
    const error = (status: number) => {
      try {
        readAnswer({ status, headers: {}, body: "{}" }, picky, url, { documentCount: 1, expectedCount: 1 });
      } catch (caught) {
        return caught as RerankAPIError;
      }
      throw new Error("no error");
    };
    expect(error(429).isRetryable).toBe(false);
    expect(error(503).isRetryable).toBe(true);
    expect(error(400).isRetryable).toBe(false);
  });
});
