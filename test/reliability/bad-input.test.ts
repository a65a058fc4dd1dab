import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Document } from "@langchain/core/documents";
import { ImageNode, TextNode } from "@llamaindex/core/schema";
import { InvalidArgumentError, type RerankOptions, rerank } from "@qwen-rerank/core";
import { type QwenRerankOptions as LangChainOptions, QwenRerank as LangChainRerank } from "@qwen-rerank/langchain";
import { type QwenRerankOptions as LlamaIndexOptions, QwenRerank as LlamaIndexRerank } from "@qwen-rerank/llamaindex";
import { describe, expect, it } from "vitest";
import { apiKey, noSleep, useReliability, useServer } from "./helpers.js";

// Item 6: every kind of bad input, through the core and both plugins, is refused with a clear InvalidArgumentError
// (one line, naming the argument) before any request: the server's call log stays empty. Where a plugin handles an
// input by design instead of refusing it (an empty list, a blank node), the test pins that behaviour and the report
// lists it, so it cannot change unnoticed.

const gif = new Uint8Array(Buffer.from("R0lGODlhAQABAAAAACw=", "base64"));
const mp4 = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]);
const base64Payload = Buffer.alloc(3_000, 7).toString("base64"); // 4 KB of Base64 with its data: prefix forgotten
const root = mkdtempSync(path.join(tmpdir(), "qwen-rerank-bad-input-root-"));
const outside = path.join(mkdtempSync(path.join(tmpdir(), "qwen-rerank-bad-input-out-")), "secret.png");
writeFileSync(outside, Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));

type Outcome = { refused: RegExp } | { designed: string; check: (value: unknown) => void };
/** `["ok", <hole>, "also ok"]`: what `new Array(3)` filled in part, or `delete list[1]`, leaves behind. */
const sparse = (): string[] => {
  const list = ["ok", "hole", "also ok"];
  delete list[1];
  return list;
};

type Row = [
  surface: "core" | "LangChain" | "LlamaIndex",
  name: string,
  run: () => Promise<unknown> | unknown,
  outcome: Outcome,
];

describe("bad input is refused before any request, through the core and both plugins", () => {
  const reliability = useReliability("bad-input");
  const context = useServer();

  const core = (options: Omit<Partial<RerankOptions>, "model"> & { model?: "vl" | "text" }) => {
    const { model = "vl", ...rest } = options;
    const rerankModel = context.dashscope().rerankModel(model === "vl" ? "qwen3-vl-rerank" : "qwen3-rerank");
    return rerank({ query: "q", documents: ["a"], ...rest, model: rerankModel, retry: noSleep } as RerankOptions);
  };
  const langchain = (options: LangChainOptions = {}) =>
    new LangChainRerank({
      apiKey,
      baseURL: context.baseURL,
      dispatcher: context.dispatcher,
      retry: noSleep,
      ...options,
    });
  const llamaindex = (options: LlamaIndexOptions = {}) =>
    new LlamaIndexRerank({
      apiKey,
      baseURL: context.baseURL,
      dispatcher: context.dispatcher,
      retry: noSleep,
      ...options,
    });
  // invalidMedia: "error", so an unusable media reference is refused rather than left out (the plugins' default).
  const strict = (options: LangChainOptions = {}) => langchain({ invalidMedia: "error", ...options });
  const llamaStrict = (options: LlamaIndexOptions = {}) => llamaindex({ invalidMedia: "error", ...options });
  const lcDocs = (...metadata: Array<Record<string, unknown>>) =>
    metadata.map((item) => new Document({ pageContent: "caption", metadata: item }));
  const text = (value: string) => ({ node: new TextNode({ text: value }) });

  const rows: Row[] = [
    ["core", "an empty query", () => core({ query: "" }), { refused: /^Invalid argument query:/ }],
    ["core", "a whitespace query", () => core({ query: " \n\t " }), { refused: /^Invalid argument query:/ }],
    [
      "core",
      "a query object with neither text nor image",
      () => core({ query: {} as never }),
      { refused: /^Invalid argument query:/ },
    ],
    ["core", "no documents", () => core({ documents: [] }), { refused: /^Invalid argument documents:/ }],
    [
      "core",
      "documents that are not a list",
      () => core({ documents: "abc" as never }),
      { refused: /^Invalid argument documents:/ },
    ],
    [
      "core",
      "a document with no text, image or video",
      () => core({ documents: ["ok", {}] }),
      { refused: /^Invalid argument documents\[1\]:/ },
    ],
    // A hole would otherwise be skipped silently, shifting nothing but losing a position from the answer.
    [
      "core",
      "a sparse document list (a hole)",
      () => core({ documents: sparse() }),
      { refused: /^Invalid argument documents\[1\]:/ },
    ],
    [
      "core",
      "a blank string document",
      () => core({ documents: ["ok", "  "] }),
      { refused: /^Invalid argument documents\[1\]:/ },
    ],
    [
      "core",
      "an image on a text-only model",
      () => core({ model: "text", documents: [{ image: "https://e.com/a.png" }] }),
      { refused: /documents\[0\]\.image: .*takes text documents only/ },
    ],
    [
      "core",
      "an image query on a text-only model",
      () => core({ model: "text", query: { image: "https://e.com/a.png" } }),
      { refused: /query\.image: .*text queries/ },
    ],
    [
      "core",
      "a video given as bytes",
      () => core({ documents: [{ video: mp4 as never }] }),
      { refused: /documents\[0\]\.video: .*URL/ },
    ],
    [
      "core",
      "an unsupported image type (GIF bytes)",
      () => core({ documents: [{ image: gif }] }),
      { refused: /documents\[0\]\.image: unsupported image type/ },
    ],
    [
      "core",
      "an unsupported data: URI type",
      () => core({ documents: [{ image: "data:image/gif;base64,R0lGOD" }] }),
      { refused: /unsupported image type/ },
    ],
    [
      "core",
      "Base64 without its data: prefix",
      () => core({ documents: [{ image: base64Payload }] }),
      { refused: /looks like Base64/ },
    ],
    [
      "core",
      "a local path outside the allowed roots",
      () => core({ documents: [{ image: outside }], allowedLocalRoots: [root] }),
      { refused: /outside the allowed roots/ },
    ],
    [
      "core",
      "a local path without allowed roots",
      () => core({ documents: [{ image: outside }] }),
      { refused: /allowedLocalRoots/ },
    ],
    ["core", "topN below 1", () => core({ topN: 0 }), { refused: /^Invalid argument topN:/ }],
    ["core", "a fractional topN", () => core({ topN: 1.5 }), { refused: /^Invalid argument topN:/ }],
    [
      "core",
      "a NaN scoreThreshold",
      () => core({ scoreThreshold: Number.NaN }),
      { refused: /^Invalid argument scoreThreshold:/ },
    ],
    ["core", "fps above 1", () => core({ fps: 2 }), { refused: /^Invalid argument fps:/ }],
    ["core", "fps below 0", () => core({ fps: -0.1 }), { refused: /^Invalid argument fps:/ }],
    ["core", "an unknown option", () => core({ top_n: 3 } as never), { refused: /unknown option top_n/ }],

    [
      "LangChain",
      "an empty query",
      () => langchain().compressDocuments(lcDocs({}), ""),
      { refused: /^Invalid argument query:/ },
    ],
    [
      "LangChain",
      "a whitespace query",
      () => langchain().compressDocuments(lcDocs({}), "   "),
      { refused: /^Invalid argument query:/ },
    ],
    [
      "LangChain",
      "no documents",
      () => langchain().compressDocuments([], "q"),
      { designed: "returns [] without a request (LangChain convention)", check: (value) => expect(value).toEqual([]) },
    ],
    [
      "LangChain",
      "a document with no text, image or video",
      () => langchain().compressDocuments([new Document({ pageContent: "" })], "q"),
      {
        designed: "a blank document ranks last with score 0; none left: no request",
        check: (value) =>
          expect(
            (value as Array<{ metadata: Record<string, unknown> }>).map((document) => document.metadata.relevanceScore),
          ).toEqual([0]),
      },
    ],
    [
      "LangChain",
      "an image on a text-only model",
      () => strict({ model: "qwen3-rerank" }).compressDocuments(lcDocs({ image: "https://e.com/a.png" }), "q"),
      { refused: /documents\[0\]\.image: .*takes text documents only/ },
    ],
    [
      "LangChain",
      "a video given as bytes",
      () => strict().compressDocuments(lcDocs({ video: mp4 }), "q"),
      { refused: /documents\[0\]\.video: .*URL/ },
    ],
    [
      "LangChain",
      "an unsupported image type (GIF bytes)",
      () => strict().compressDocuments(lcDocs({ image: gif }), "q"),
      { refused: /unsupported image type/ },
    ],
    [
      "LangChain",
      "Base64 without its data: prefix",
      () => strict().compressDocuments(lcDocs({ image: base64Payload }), "q"),
      { refused: /looks like Base64/ },
    ],
    [
      "LangChain",
      "a local path outside the allowed roots",
      () => strict({ allowedLocalRoots: [root] }).compressDocuments(lcDocs({ image: outside }), "q"),
      { refused: /outside the allowed roots/ },
    ],
    [
      "LangChain",
      "a local path without allowed roots",
      () => strict().compressDocuments(lcDocs({ image: outside }), "q"),
      { refused: /allowedLocalRoots/ },
    ],
    [
      "LangChain",
      "an unusable image reference, by default (invalidMedia: skip)",
      () => langchain().compressDocuments([new Document({ pageContent: "", metadata: { image: "N/A" } })], "q"),
      {
        designed: "the image is left out with a warning; with no text left the document ranks last with score 0",
        check: (value) =>
          expect(
            (value as Array<{ metadata: Record<string, unknown> }>).map((document) => document.metadata.relevanceScore),
          ).toEqual([0]),
      },
    ],
    ["LangChain", "topN below 1", () => langchain({ topN: 0 }), { refused: /^Invalid argument topN:/ }],
    ["LangChain", "a fractional topN", () => langchain({ topN: 1.5 }), { refused: /^Invalid argument topN:/ }],
    [
      "LangChain",
      "topN below 1 in a rerank() call",
      () => langchain().rerank(["a"], "q", { topN: 0 }),
      { refused: /^Invalid argument topN:/ },
    ],
    ["LangChain", "fps out of range", () => langchain({ fps: 2 }), { refused: /^Invalid argument fps:/ }],
    ["LangChain", "an unknown option", () => langchain({ top_n: 3 } as never), { refused: /unknown option top_n/ }],
    [
      "LangChain",
      "a core option it does not take",
      () => langchain({ returnDocuments: true } as never),
      { refused: /unknown option returnDocuments/ },
    ],

    [
      "LlamaIndex",
      "an empty query",
      () => llamaindex().postprocessNodes([text("a")], ""),
      { refused: /^Invalid argument query:/ },
    ],
    [
      "LlamaIndex",
      "a whitespace query",
      () => llamaindex().postprocessNodes([text("a")], "   "),
      { refused: /^Invalid argument query:/ },
    ],
    [
      "LlamaIndex",
      "no query",
      () => llamaindex().postprocessNodes([text("a")]),
      { refused: /^Invalid argument query:/ },
    ],
    [
      "LlamaIndex",
      "no documents",
      () => llamaindex().postprocessNodes([], "q"),
      { designed: "returns [] without a request", check: (value) => expect(value).toEqual([]) },
    ],
    [
      "LlamaIndex",
      "a document with no text, image or video",
      () => llamaindex().postprocessNodes([text("")], "q"),
      {
        designed: "a blank node ranks last with score 0 and a warning; none left: no request",
        check: (value) => expect(value).toMatchObject([{ score: 0 }]),
      },
    ],
    [
      "LlamaIndex",
      "an image on a text-only model",
      () =>
        llamaindex({ model: "qwen3-rerank" }).postprocessNodes(
          [{ node: new ImageNode({ image: "https://e.com/a.png", text: "" }) }],
          "q",
        ),
      {
        designed: "the image is left out with a warning; an image-only node ranks last with score 0",
        check: (value) => expect(value).toMatchObject([{ score: 0 }]),
      },
    ],
    [
      "LlamaIndex",
      "an unsupported image type (GIF Blob)",
      () =>
        llamaStrict().postprocessNodes(
          [{ node: new ImageNode({ image: new Blob([gif], { type: "image/gif" }) }) }],
          "q",
        ),
      { refused: /unsupported image type/ },
    ],
    [
      "LlamaIndex",
      "Base64 without its data: prefix",
      () =>
        llamaStrict({ allowedLocalRoots: [root] }).postprocessNodes(
          [{ node: new ImageNode({ image: base64Payload }) }],
          "q",
        ),
      { refused: /looks like Base64/ },
    ],
    [
      "LlamaIndex",
      "a local path outside the allowed roots",
      () =>
        llamaStrict({ allowedLocalRoots: [root] }).postprocessNodes([{ node: new ImageNode({ image: outside }) }], "q"),
      { refused: /outside the allowed roots/ },
    ],
    [
      "LlamaIndex",
      "an unusable image reference, by default (invalidMedia: skip)",
      () => llamaindex().postprocessNodes([{ node: new TextNode({ text: "", metadata: { image: "N/A" } }) }], "q"),
      {
        designed: "the image is left out with a warning; with no text left the node ranks last with score 0",
        check: (value) => expect(value).toMatchObject([{ score: 0 }]),
      },
    ],
    ["LlamaIndex", "topN below 1", () => llamaindex({ topN: 0 }), { refused: /^Invalid argument topN:/ }],
    ["LlamaIndex", "a fractional topN", () => llamaindex({ topN: 1.5 }), { refused: /^Invalid argument topN:/ }],
    ["LlamaIndex", "fps out of range", () => llamaindex({ fps: 2 }), { refused: /^Invalid argument fps:/ }],
    ["LlamaIndex", "an unknown option", () => llamaindex({ top_n: 3 } as never), { refused: /top_n/ }],
  ];

  const outcomes: Array<{ surface: string; name: string; outcome: "refused" | "designed"; detail?: string }> = [];

  it.each(rows)("%s: %s", async (surface, name, run, outcome) => {
    const settled = await (async () => run())().then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    expect(context.server.calls, "no request may go out").toHaveLength(0);
    if ("refused" in outcome) {
      expect("error" in settled, `${surface} ${name}: not refused`).toBe(true);
      const error = (settled as { error: unknown }).error;
      expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
      const { message, argument } = error as InvalidArgumentError;
      expect(message).toMatch(outcome.refused);
      expect(message).not.toMatch(/\n/);
      expect(argument).toMatch(/\S/);
      // A clear message is a short one: no payload echoed (the Base64 case would otherwise print 4 KB).
      expect(message.length).toBeLessThan(300);
      expect(message).not.toContain(base64Payload.slice(0, 100));
      expect(reliability.scan(`${surface} ${name}`, error)).toBeUndefined();
      outcomes.push({ surface, name, outcome: "refused" });
    } else {
      if ("error" in settled) throw settled.error;
      outcome.check(settled.value);
      outcomes.push({ surface, name, outcome: "designed", detail: outcome.designed });
    }
  });

  it("records the figures", () => {
    Object.assign(reliability.figures, {
      cases: outcomes.length,
      refused: outcomes.filter((item) => item.outcome === "refused").length,
      bySurface: Object.fromEntries(
        ["core", "LangChain", "LlamaIndex"].map((surface) => [
          surface,
          outcomes.filter((item) => item.surface === surface).length,
        ]),
      ),
      requestsSent: 0,
      designed: outcomes
        .filter((item) => item.outcome === "designed")
        .map((item) => `${item.surface}: ${item.name} → ${item.detail}`),
    });
    expect(outcomes).toHaveLength(rows.length);
  });
});
