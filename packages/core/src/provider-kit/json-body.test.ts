import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ResolvedDocument, ResolvedQuery } from "../spec/rerank-document.js";
import type { RerankModelCallOptions } from "../spec/rerank-model.js";
import { tinyPng } from "../test/index.js";
import { type JsonBody, jsonBody, referencedStringLength } from "./json-body.js";

const image = (bytes = 24 * 1024) => Buffer.concat([tinyPng.subarray(0, 8), randomBytes(bytes)]);
const dataUri = (bytes: Buffer) => `data:image/png;base64,${bytes.toString("base64")}`;
const textOf = (body: JsonBody) =>
  body instanceof Uint8Array ? Buffer.from(body).toString("utf8") : body.chunks.join("");
// A body shaped like a provider's: the query, then the documents, then more fields, so placeholders come in any order.
const toBody = (options: RerankModelCallOptions) => ({
  model: "m",
  input: { query: options.query, documents: options.documents },
  extra: { note: options.instruct },
});
const call = (query: ResolvedQuery, documents: ResolvedDocument[], instruct?: string): RerankModelCallOptions => ({
  query,
  documents,
  instruct,
});

describe("jsonBody", () => {
  // Long strings of every kind: Base64 (referenced), and ones that need escaping or are not ASCII (copied).
  const longImage = fc.oneof(
    fc.constant("data:image/png;base64,".padEnd(referencedStringLength + 5, "QUJD")),
    fc.constant(`data:image/png;base64,"quoted"\\${"x".repeat(referencedStringLength)}`),
    fc.constant(`data:image/png;base64,naïve ${"é".repeat(referencedStringLength)}`),
  );
  const text = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: "binary", maxLength: 20 }));
  const document = fc.record(
    {
      text,
      image: fc.oneof(longImage, fc.constant("https://example.com/a.png")),
      video: fc.constant("https://v.example/a.mp4"),
    },
    { requiredKeys: [] },
  );
  const query = fc.oneof(
    text.map((value) => ({ text: value })),
    longImage.map((value) => ({ image: value })),
  );

  it("joins to exactly what JSON.stringify gives for the body, with the exact UTF-8 byte length", () => {
    fc.assert(
      fc.property(
        query,
        fc.array(document, { maxLength: 6 }),
        fc.option(text, { nil: undefined }),
        (q, documents, instruct) => {
          const options = call(q, documents, instruct);
          const body = jsonBody(options, toBody);
          const expected = JSON.stringify(toBody(options));
          expect(textOf(body)).toBe(expected);
          expect(body.byteLength).toBe(Buffer.byteLength(expected));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives each long Base64 image a chunk of its own, the query's too, and copies what needs escaping", () => {
    const [first, second, asQuery] = [dataUri(image()), dataUri(image()), dataUri(image())];
    const escaped = `data:image/png;base64,"${"z".repeat(referencedStringLength)}`;
    const body = jsonBody(
      call({ image: asQuery }, [{ text: "a" }, { image: first }, { image: second }, { image: escaped }]),
      toBody,
    );
    if (body instanceof Uint8Array) throw new Error("expected chunks");
    expect(body.chunks.filter((chunk) => chunk === first || chunk === second || chunk === asQuery)).toHaveLength(3);
    expect(body.chunks.some((chunk) => chunk.includes(JSON.stringify(escaped)))).toBe(true);
  });

  it("sends a body without long images as one Buffer", () => {
    expect(
      jsonBody(call({ text: "q" }, [{ text: "a" }, { image: "https://example.com/a.png" }]), toBody),
    ).toBeInstanceOf(Uint8Array);
  });

  it("cannot be fooled by a caller's string that looks like its placeholder", () => {
    const lookalike = `\u0000${"0".repeat(36)}:0`;
    const options = call({ text: lookalike }, [{ text: `${lookalike}"` }, { image: dataUri(image()) }], lookalike);
    expect(textOf(jsonBody(options, toBody))).toBe(JSON.stringify(toBody(options)));
  });
});
