import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectedRanking } from "./expected-ranking.js";
import type { LexicalInput } from "./lexical-score.js";
import { lexicalScore } from "./lexical-score.js";
import { routePaths } from "./route-dialect.js";
import { useRerankServer } from "./vitest/index.js";

const png = "data:image/png;base64,iVBORw0KGgo=";
const captions = { "https://img.test/1.jpg": "golden retriever dog", [png]: "red running shoe" };

describe("expectedRanking", () => {
  it("sorts by lexicalScore descending, ties by index, and cuts to topN", () => {
    const documents = ["blue hat", "red shoe", "a red running shoe", "blue hat"];
    const all = expectedRanking("red running shoe", documents);
    expect(all.map(({ index }) => index)).toEqual([2, 1, 0, 3]);
    expect(all[0]?.score).toBe(lexicalScore("red running shoe", "a red running shoe"));
    expect(all.slice(2).map(({ score }) => score)).toEqual([0, 0]);
    expect(expectedRanking("red running shoe", documents, { topN: 2 })).toEqual(all.slice(0, 2));
    expect(expectedRanking("red running shoe", documents, { topN: 10 })).toEqual(all);
  });

  it("reads image words from captions, as the server does", () => {
    const documents = [{ image: "https://img.test/1.jpg" }, { image: "https://img.test/cat.jpg" }];
    expect(expectedRanking("dog", documents).map(({ index }) => index)).toEqual([0, 1]);
    expect(expectedRanking("dog", documents)[0]?.score).toBe(0);
    expect(expectedRanking("dog", documents, { captions })[0]).toEqual({ index: 0, score: expect.any(Number) });
    expect(expectedRanking("dog", documents, { captions })[0]?.score).toBeGreaterThan(0);
  });
});

type NativeBody = { output: { results: { index: number; relevance_score: number }[] } };

const english = ["red", "shoe", "shoes", "Running", "blue", "hat", "the", "a", "is", "dog", "golden"];
const vocabulary = [...english, "重排序", "42"];
const words = (minLength: number) => fc.array(fc.constantFrom(...vocabulary), { minLength, maxLength: 6 });
const text = words(0).map((list) => list.join(" "));
const query = words(1).map((list) => list.join(", "));
const urls = ["https://img.test/1.jpg", "https://img.test/red-shoe.png", "https://img.test/blue%20hat.jpg"];
const image = fc.constantFrom(...urls, png);
const topN = fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined });

describe("expectedRanking agrees with the server's native route", () => {
  const rerank = useRerankServer({ captions });

  const answer = async (model: string, q: LexicalInput, documents: readonly LexicalInput[], n: number | undefined) => {
    const parameters = n === undefined ? {} : { top_n: n };
    const { status, body } = await rerank.post<NativeBody>(routePaths.native, {
      model,
      input: { query: q, documents },
      parameters,
    });
    expect(status).toBe(200);
    return body.output.results.map(({ index, relevance_score }) => ({ index, score: relevance_score }));
  };

  it("for text models", async () => {
    const documents = fc.array(text, { minLength: 1, maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(query, documents, topN, async (q, docs, n) => {
        expect(await answer("qwen3-rerank", q, docs, n)).toEqual(expectedRanking(q, docs, { captions, topN: n }));
      }),
      { numRuns: 50 },
    );
  });

  it("for qwen3-vl-rerank, with images, mixed documents and object queries", async () => {
    const document = fc.oneof(
      text,
      fc.record({ text }),
      fc.record({ image }),
      fc.record({ text, image }),
    ) as fc.Arbitrary<LexicalInput>;
    const vlQuery = fc.oneof(query, fc.record({ text: query }), fc.record({ image })) as fc.Arbitrary<LexicalInput>;
    const documents = fc.array(document, { minLength: 1, maxLength: 20 });
    await fc.assert(
      fc.asyncProperty(vlQuery, documents, topN, async (q, docs, n) => {
        expect(await answer("qwen3-vl-rerank", q, docs, n)).toEqual(expectedRanking(q, docs, { captions, topN: n }));
      }),
      { numRuns: 50 },
    );
  });
});
