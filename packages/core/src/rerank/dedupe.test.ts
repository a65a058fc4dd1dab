import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ResolvedDocument } from "../spec/rerank-document.js";
import { dedupe } from "./dedupe.js";

const same = (a: ResolvedDocument, b: ResolvedDocument) =>
  a.text === b.text && a.image === b.image && a.video === b.video;

// Few distinct values, so that duplicates, near-duplicates (same length, same prefix) and empty texts are common.
const field = fc.constantFrom(undefined, "", "a", "b", "ab", "ba", "aa", "lorem ipsum 1", "lorem ipsum 2");
const document = fc.record({ text: field, image: fc.constantFrom(undefined, "https://x/1.png", "https://x/2.png") });
const documents = fc.array(
  document.map(({ text, image }) => JSON.parse(JSON.stringify({ text, image })) as ResolvedDocument),
  {
    maxLength: 40,
  },
);

describe("dedupe", () => {
  it("sends each distinct document once and maps every kept index to a copy of it (fast-check)", () => {
    fc.assert(
      fc.property(documents, fc.boolean(), fc.array(fc.nat({ max: 40 }), { maxLength: 5 }), (list, merge, skipRaw) => {
        const skip = [...new Set(skipRaw.filter((index) => index < list.length))];
        const { unique, owners } = dedupe(list, skip, merge);
        const kept = list.map((_, index) => index).filter((index) => !skip.includes(index));
        // Every kept index appears exactly once, under a document equal to its own.
        expect(owners.flat().sort((a, b) => a - b)).toEqual(kept);
        owners.forEach((group, position) => {
          expect(group[0]).toBe(Math.min(...group));
          for (const index of group) expect(same(list[index]!, unique[position]!)).toBe(true);
        });
        // In the caller's order of first copies.
        expect(owners.map((group) => group[0])).toEqual([...owners.map((group) => group[0]!)].sort((a, b) => a - b));
        if (merge) {
          for (let i = 0; i < unique.length; i++) {
            for (let j = i + 1; j < unique.length; j++) expect(same(unique[i]!, unique[j]!)).toBe(false);
          }
        } else {
          expect(unique).toHaveLength(kept.length);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("tells apart documents that differ only in the last character of a long text", () => {
    const base = "x".repeat(10_000);
    const { unique, owners } = dedupe([{ text: `${base}1` }, { text: `${base}2` }, { text: `${base}1` }], [], true);
    expect(unique).toHaveLength(2);
    expect(owners).toEqual([[0, 2], [1]]);
  });
});
