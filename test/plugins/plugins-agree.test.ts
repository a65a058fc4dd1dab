import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Document } from "@langchain/core/documents";
import { TextNode } from "@llamaindex/core/schema";
import { createDashScope, InvalidArgumentError } from "@qwen-rerank/core";
import { defaultImageMetadataKeys, defaultVideoMetadataKeys, type RerankCallReport } from "@qwen-rerank/core/plugin";
import { tinyPng } from "@qwen-rerank/core/test";
import { type QwenRerankOptions as LangChainOptions, QwenRerank as LangChainRerank } from "@qwen-rerank/langchain";
import { type QwenRerankOptions as LlamaIndexOptions, QwenRerank as LlamaIndexRerank } from "@qwen-rerank/llamaindex";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type Shared = LangChainOptions & LlamaIndexOptions;

/** The verdict a constructor gives: the error's argument and message, or "accepted". */
function verdict(build: () => unknown): string {
  try {
    build();
    return "accepted";
  } catch (error) {
    if (!InvalidArgumentError.isInstance(error)) throw error;
    return `${error.argument} | ${error.message}`;
  }
}

const shared: Array<[string, Record<string, unknown>]> = [
  ["returnDocuments", { returnDocuments: true }],
  ["topN 0", { topN: 0 }],
  ["topN 1.5", { topN: 1.5 }],
  ["topN as a string", { topN: "3" }],
  ["scoreThreshold NaN", { scoreThreshold: Number.NaN }],
  ["baseURL without a host", { baseURL: "http://" }],
  ["baseURL with another scheme", { baseURL: "ftp://x" }],
  ["region mars", { region: "mars" }],
  ["model 42", { model: 42 }],
  ["a blank model id", { model: "  " }],
  ["onError maybe", { onError: "maybe" }],
  ["invalidMedia ignore", { invalidMedia: "ignore" }],
  ["imageMetadataKeys with a blank key", { imageMetadataKeys: ["image", ""] }],
  ["a blank apiKey", { apiKey: "" }],
  ["an unknown option", { topK: 3 }],
  ["timeoutMs 0", { timeoutMs: 0 }],
  ["fps 2", { fps: 2 }],
  ["headers with a number", { headers: { "x-a": 1 } }],
  ["an onRerankEnd that is not a function", { onRerankEnd: "console.log" }],
  ["an onRerankStart that is not a function", { onRerankStart: {} }],
  ["an onRerankError that is not a function", { onRerankError: 1 }],
  [
    "provider options next to a RerankModel",
    { model: createDashScope({ apiKey: "k" }).rerankModel("qwen3-rerank"), workspace: "w" },
  ],
  [
    "good options",
    {
      apiKey: "sk-test",
      topN: 2,
      scoreThreshold: 0.1,
      instruct: "Find shoes.",
      invalidMedia: "error",
      onRerankStart: () => {},
      onRerankEnd: () => {},
      onRerankError: () => {},
    },
  ],
];

describe("the two plugins read shared options the same way", () => {
  it.each(shared)("%s: the same verdict and message from both", (_name, options) => {
    const fromLangChain = verdict(() => new LangChainRerank(options as Shared));
    const fromLlamaIndex = verdict(() => new LlamaIndexRerank(options as Shared));
    expect(fromLlamaIndex).toBe(fromLangChain);
    if (_name !== "good options") expect(fromLangChain).not.toBe("accepted");
  });

  it("exposes the same model id, defaults and metadata keys", () => {
    const langchain = new LangChainRerank({ apiKey: "sk-test" });
    const llamaindex = new LlamaIndexRerank({ apiKey: "sk-test" });
    for (const plugin of [langchain, llamaindex]) {
      expect(plugin).toMatchObject({ model: "qwen3-vl-rerank", topN: 3, scoreThreshold: undefined, onError: "throw" });
      expect(plugin.rerankModel.modelId).toBe("qwen3-vl-rerank");
    }
    expect(llamaindex.imageMetadataKeys).toEqual(defaultImageMetadataKeys);
    expect(defaultVideoMetadataKeys).toEqual(["video", "video_url", "videoUrl"]);
  });
});

describe("the two plugins treat an unusable media reference the same way", () => {
  const context = useRerankServer({ apiKey: "sk-test" });
  const options = () => ({ apiKey: "sk-test", baseURL: context.baseURL, topN: 3 });
  const metadata = { image: "N/A" };

  it("skips it with a warning and ranks the document by its text, in both", async () => {
    const documents = await new LangChainRerank(options()).compressDocuments(
      [new Document({ pageContent: "a red apple", metadata }), new Document({ pageContent: "a pear" })],
      "apple",
    );
    const nodes = await new LlamaIndexRerank(options()).postprocessNodes(
      [{ node: new TextNode({ text: "a red apple", metadata }) }, { node: new TextNode({ text: "a pear" }) }],
      "apple",
    );
    const [fromLangChain, fromLlamaIndex] = context.server.calls.map(
      (call) => call.body as { input: { documents: unknown } },
    );
    expect(fromLangChain!.input.documents).toEqual([{ text: "a red apple" }, { text: "a pear" }]);
    expect(fromLlamaIndex!.input.documents).toEqual(fromLangChain!.input.documents);
    expect(documents.map((document) => document.pageContent)).toEqual(nodes.map(({ node }) => (node as TextNode).text));
  });

  it("refuses it before any request under invalidMedia: error, with the same message", async () => {
    const strict = { ...options(), invalidMedia: "error" as const };
    const fromLangChain = await new LangChainRerank(strict)
      .compressDocuments([new Document({ pageContent: "a red apple", metadata })], "apple")
      .catch((error: unknown) => error);
    const fromLlamaIndex = await new LlamaIndexRerank(strict)
      .postprocessNodes([{ node: new TextNode({ text: "a red apple", metadata }) }], "apple")
      .catch((error: unknown) => error);
    expect(InvalidArgumentError.isInstance(fromLangChain)).toBe(true);
    expect((fromLlamaIndex as Error).message).toBe((fromLangChain as Error).message);
    expect(context.server.calls).toHaveLength(0);
  });
});

describe("the two plugins report a call with the same fields and warnings", () => {
  const context = useRerankServer({ apiKey: "sk-test" });
  let folder: string;
  beforeAll(async () => {
    folder = await realpath(await mkdtemp(path.join(tmpdir(), "qwen-rerank-agree-")));
    await writeFile(path.join(folder, "pear.png"), tinyPng);
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  /** The neutral fields of both plugins' onRerankEnd for the same two items: one with `metadata`, one plain. */
  async function reports(metadata: Record<string, unknown>) {
    const seen: RerankCallReport[] = [];
    const options = {
      apiKey: "sk-test",
      baseURL: context.baseURL,
      onRerankEnd: (event: RerankCallReport) => seen.push(event),
    };
    await new LangChainRerank(options).compressDocuments(
      [new Document({ pageContent: "a pear", metadata }), new Document({ pageContent: "an apple" })],
      "pear",
    );
    await new LlamaIndexRerank(options).postprocessNodes(
      [{ node: new TextNode({ text: "a pear", metadata }) }, { node: new TextNode({ text: "an apple" }) }],
      "pear",
    );
    return seen.map(({ model, usage, requestIds, warnings, cached }) => ({
      model,
      usage,
      requestIds,
      warnings,
      cached,
    }));
  }

  it("usage, request ids, warnings, cached and model, for a plain call", async () => {
    const [fromLangChain, fromLlamaIndex] = await reports({});
    expect(fromLangChain!.requestIds).toEqual([context.server.calls[0]!.requestId]);
    expect(fromLlamaIndex!.requestIds).toEqual([context.server.calls[1]!.requestId]);
    expect({ ...fromLlamaIndex, requestIds: [] }).toEqual({ ...fromLangChain, requestIds: [] });
    expect(fromLangChain).toMatchObject({ model: "qwen3-vl-rerank", warnings: [], cached: false });
    expect(fromLangChain!.usage.totalTokens).toBeGreaterThan(0);
  });

  it("a local image without allowedLocalRoots: the same two warnings, naming the folder to allow", async () => {
    const [fromLangChain, fromLlamaIndex] = await reports({ file_path: path.join(folder, "pear.png") });
    expect(fromLlamaIndex!.warnings).toEqual(fromLangChain!.warnings);
    expect(fromLangChain!.warnings).toContainEqual({
      type: "other",
      feature: "allowedLocalRoots",
      details: expect.stringContaining(`set allowedLocalRoots to the folder(s) they are in: ${JSON.stringify(folder)}`),
    });
    expect(
      context.server.calls.map((call) => (call.body as { input: { documents: unknown } }).input.documents),
    ).toEqual([
      [{ text: "a pear" }, { text: "an apple" }],
      [{ text: "a pear" }, { text: "an apple" }],
    ]);
  });
});
