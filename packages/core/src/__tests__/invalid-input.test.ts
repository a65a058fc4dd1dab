import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { describe, expect, it } from "vitest";
import {
  createDashScope,
  type DashScopeProviderSettings,
  InvalidArgumentError,
  type RerankOptions,
  rerank,
} from "../index.js";
import { tinyPng as png } from "../test/index.js";

const apiKey = "sk-test-0123456789abcdef";

const root = mkdtempSync(path.join(tmpdir(), "qwen-rerank-root-"));
const outside = mkdtempSync(path.join(tmpdir(), "qwen-rerank-outside-"));
writeFileSync(path.join(root, "in.png"), png);
writeFileSync(path.join(outside, "secret.png"), png);
symlinkSync(path.join(outside, "secret.png"), path.join(root, "escape.png"));
const gif = Buffer.from("R0lGODlhAQABAAAAACw=", "base64");

describe("bad input is refused before any request", () => {
  const context = useRerankServer({ apiKey });
  const provider = (settings: DashScopeProviderSettings = {}) =>
    createDashScope({ apiKey, baseURL: context.baseURL, ...settings });
  const vl = () => provider().rerankModel("qwen3-vl-rerank");
  const text = () => provider().rerankModel("qwen3-rerank");

  const cases: Array<[string, () => Partial<RerankOptions> & Pick<RerankOptions, "model">, RegExp]> = [
    ["an empty query", () => ({ model: vl(), query: "", documents: ["a"] }), /query/],
    ["a whitespace query", () => ({ model: vl(), query: "   ", documents: ["a"] }), /query/],
    ["an empty { text } query", () => ({ model: vl(), query: { text: " " }, documents: ["a"] }), /query/],
    ["no documents", () => ({ model: vl(), query: "q", documents: [] }), /documents/],
    [
      "a document with no text, image or video",
      () => ({ model: vl(), query: "q", documents: ["ok", {}] }),
      /documents\[1\]/,
    ],
    ["an empty string document", () => ({ model: vl(), query: "q", documents: [" "] }), /documents\[0\]/],
    ["a null document", () => ({ model: vl(), query: "q", documents: [null as unknown as string] }), /documents\[0\]/],
    [
      "an image on a text-only model",
      () => ({ model: text(), query: "q", documents: [{ image: "https://example.com/a.jpg" }] }),
      /takes text documents only/,
    ],
    [
      "an image query on a text-only model",
      () => ({ model: text(), query: { image: "https://example.com/a.jpg" }, documents: ["a"] }),
      /text queries/,
    ],
    [
      "a video given as bytes",
      () => ({ model: vl(), query: "q", documents: [{ video: png as unknown as string }] }),
      /video.*URL/,
    ],
    [
      "a video that is not http(s)",
      () => ({ model: vl(), query: "q", documents: [{ video: "ftp://example.com/a.mp4" }] }),
      /video/,
    ],
    [
      "an unsupported image type (GIF bytes)",
      () => ({ model: vl(), query: "q", documents: [{ image: gif }] }),
      /unsupported image type/,
    ],
    [
      "an unsupported data: URI type",
      () => ({ model: vl(), query: "q", documents: [{ image: "data:image/gif;base64,R0lGOD" }] }),
      /unsupported image type/,
    ],
    [
      "a local path without allowed roots",
      () => ({ model: vl(), query: "q", documents: [{ image: path.join(root, "in.png") }] }),
      /allowedLocalRoots/,
    ],
    [
      "a local path outside the allowed roots",
      () => ({
        model: vl(),
        query: "q",
        documents: [{ image: path.join(outside, "secret.png") }],
        allowedLocalRoots: [root],
      }),
      /outside the allowed roots/,
    ],
    [
      "a .. traversal out of a root",
      () => ({
        model: vl(),
        query: "q",
        documents: [{ image: `${root}/../${path.basename(outside)}/secret.png` }],
        allowedLocalRoots: [root],
      }),
      /outside the allowed roots/,
    ],
    [
      "a symlink that escapes a root",
      () => ({
        model: vl(),
        query: "q",
        documents: [{ image: path.join(root, "escape.png") }],
        allowedLocalRoots: [root],
      }),
      /outside the allowed roots/,
    ],
    [
      "a file: URL outside the roots",
      () => ({
        model: vl(),
        query: "q",
        documents: [{ image: new URL(`file://${outside}/secret.png`) }],
        allowedLocalRoots: [root],
      }),
      /outside the allowed roots/,
    ],
    ["topN below 1", () => ({ model: vl(), query: "q", documents: ["a"], topN: 0 }), /topN/],
    ["a fractional topN", () => ({ model: vl(), query: "q", documents: ["a"], topN: 1.5 }), /topN/],
    ["fps above 1", () => ({ model: vl(), query: "q", documents: ["a"], fps: 2 }), /fps/],
    ["fps below 0", () => ({ model: vl(), query: "q", documents: ["a"], fps: -0.1 }), /fps/],
    [
      "an unknown option",
      () => ({ model: vl(), query: "q", documents: ["a"], top_n: 3 }) as never,
      /unknown option top_n/,
    ],
    [
      "a model that is not a RerankModel",
      () => ({ model: "qwen3-vl-rerank" as never, query: "q", documents: ["a"] }),
      /model/,
    ],
  ];

  it.each(cases)("refuses %s", async (_name, build, message) => {
    const error = await rerank(build() as RerankOptions).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect(context.server.calls).toHaveLength(0);
  });

  it("reads a file inside an allowed root", async () => {
    await rerank({
      model: vl(),
      query: "q",
      documents: [{ image: path.join(root, "in.png") }],
      allowedLocalRoots: [root],
    });
    expect(context.server.calls).toHaveLength(1);
  });
});
