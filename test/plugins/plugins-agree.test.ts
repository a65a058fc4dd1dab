import { Document } from "@langchain/core/documents";
import { TextNode } from "@llamaindex/core/schema";
import { createDashScope, InvalidArgumentError } from "@qwen-rerank/core";
import { defaultImageMetadataKeys, defaultVideoMetadataKeys } from "@qwen-rerank/core/plugin";
import { type QwenRerankOptions as LangChainOptions, QwenRerank as LangChainRerank } from "@qwen-rerank/langchain";
import { type QwenRerankOptions as LlamaIndexOptions, QwenRerank as LlamaIndexRerank } from "@qwen-rerank/llamaindex";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { describe, expect, it } from "vitest";

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
  [
    "provider options next to a RerankModel",
    { model: createDashScope({ apiKey: "k" }).rerankModel("qwen3-rerank"), workspace: "w" },
  ],
  ["good options", { apiKey: "sk-test", topN: 2, scoreThreshold: 0.1, instruct: "Find shoes.", invalidMedia: "error" }],
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
