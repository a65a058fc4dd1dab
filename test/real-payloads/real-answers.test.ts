import { TextNode } from "@llamaindex/core/schema";
import { createDashScope, type RerankDocument, type RerankWarning, rerank } from "@qwen-rerank/core";
import { instantRetry, tinyPng } from "@qwen-rerank/core/test";
import { QwenRerank as LangChainRerank } from "@qwen-rerank/langchain";
import { QwenRerank as LlamaIndexRerank, type RerankEndEvent } from "@qwen-rerank/llamaindex";
import { faults } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { describe, expect, it } from "vitest";

// Issue "Real payloads": what the real API answers (docs/dashscope-api.md §10), played by the test server, through
// the core and both plugins. Each surface reranks texts and returns the ranked indices and the call's warnings.

const apiKey = "sk-real-answers-0123456789";
type Surface = (options: {
  baseURL: string;
  model: string;
  texts: string[];
}) => Promise<{ order: number[]; warnings: RerankWarning[] }>;

const core: Surface = async ({ baseURL, model, texts }) => {
  const result = await rerank({
    model: createDashScope({ apiKey, baseURL }).rerankModel(model),
    query: "apple",
    documents: texts,
    retry: instantRetry,
  });
  return { order: result.results.map((item) => item.index), warnings: result.warnings };
};
const langchain: Surface = async ({ baseURL, model, texts }) => {
  const compressor = new LangChainRerank({ apiKey, baseURL, model, topN: texts.length, retry: instantRetry });
  const ranked = await compressor.rerank(texts, "apple");
  return { order: ranked.map((item) => item.index), warnings: [] };
};
const llamaindex: Surface = async ({ baseURL, model, texts }) => {
  let warnings: RerankWarning[] = [];
  const postprocessor = new LlamaIndexRerank({
    apiKey,
    baseURL,
    model,
    topN: texts.length,
    retry: instantRetry,
    onRerankEnd: (event: RerankEndEvent) => {
      warnings = event.warnings;
    },
  });
  const nodes = texts.map((text, index) => ({ node: new TextNode({ id_: String(index), text }) }));
  const ranked = await postprocessor.postprocessNodes(nodes, "apple");
  return { order: ranked.map(({ node }) => Number(node.id_)), warnings };
};
const surfaces: Array<[string, Surface]> = [
  ["core", core],
  ["LangChain", langchain],
  ["LlamaIndex", llamaindex],
];

describe.each(surfaces)("real answers through %s", (_name, surface) => {
  const context = useRerankServer({ apiKey });

  it("never sends a text the API would refuse as too long: it is cut, and the call answers", async () => {
    const texts = ["apple pie", `apple ${"crumble ".repeat(60_000)}`, "pear"];
    const { order, warnings } = await surface({ baseURL: context.baseURL, model: "gte-rerank-v2", texts });
    expect(order.sort()).toEqual([0, 1, 2]);
    expect(context.server.calls.map((call) => call.response.status)).toEqual([200]);
    if (_name !== "LangChain") expect(warnings.map((warning) => warning.type)).toContain("truncation");
  });

  it("makes one request for a spent quota and says the quota is spent", async () => {
    context.server.enqueue(faults.quotaExhausted());
    const error = await surface({ baseURL: context.baseURL, model: "qwen3-rerank", texts: ["apple"] }).catch(
      (caught) => caught,
    );
    expect(error).toMatchObject({ status: 429, apiCode: "Throttling.AllocationQuota", isRetryable: false });
    expect((error as Error).message).toMatch(/quota is spent/);
    expect(context.server.calls).toHaveLength(1);
  });

  it("retries a transient resource exhaustion", async () => {
    context.server.enqueue(faults.resourceExhausted());
    const { order } = await surface({ baseURL: context.baseURL, model: "qwen3-rerank", texts: ["apple", "pear"] });
    expect(order).toHaveLength(2);
    expect(context.server.calls.map((call) => call.response.status)).toEqual([429, 200]);
  });

  it("keeps the message of a proxy's numeric-code error", async () => {
    context.server.enqueue(faults.numericCodeError());
    const error = await surface({ baseURL: context.baseURL, model: "qwen3-rerank", texts: ["apple"] }).catch(
      (caught) => caught,
    );
    expect(error).toMatchObject({ status: 400, apiCode: "BadRequestError" });
    expect((error as Error).message).toMatch(/The model does not support Rerank \(Score\) API/);
  });
});

describe("the gateway's size limits, image usage and the compatible route, through the core", () => {
  const strict = useRerankServer({ apiKey, requestLimits: { maxDecodedBytes: 2 * 1024 * 1024 } });
  // A PNG-signed payload: the server counts it at its decoded size.
  const image = (bytes: number) => Buffer.concat([Buffer.from(tinyPng), Buffer.alloc(bytes, 7)]);

  it("splits a batch a stricter gateway refuses with a 413, and answers with every document", async () => {
    const documents: RerankDocument[] = Array.from({ length: 6 }, () => ({ image: image(700 * 1024) }));
    const { results, warnings, requestCount } = await rerank({
      model: createDashScope({ apiKey, baseURL: strict.baseURL }).rerankModel("qwen3-vl-rerank"),
      query: "apple",
      documents,
      dedupe: false,
    });
    const statuses = strict.server.calls.map((call) => call.response.status);
    expect(statuses[0]).toBe(413);
    expect(statuses.filter((status) => status === 200)).toHaveLength(requestCount);
    expect(results.map((result) => result.index).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(warnings.some((warning) => warning.feature === "batches")).toBe(true);
  });

  it("reports image and text tokens apart when qwen3-vl-rerank does", async () => {
    const { usage } = await rerank({
      model: createDashScope({ apiKey, baseURL: strict.baseURL }).rerankModel("qwen3-vl-rerank"),
      query: "apple",
      documents: ["apple pie", { image: tinyPng }],
    });
    expect(usage.imageTokens).toBeGreaterThan(0);
    expect(usage.textTokens).toBeGreaterThan(0);
    expect(usage.totalTokens).toBe(usage.imageTokens! + usage.textTokens!);
  });

  it("serves text models on the compatible route, and refuses VL ids before any request", async () => {
    const provider = createDashScope({ apiKey, baseURL: strict.baseURL });
    const { results } = await rerank({
      model: provider.rerankModel("qwen3-rerank", { api: "compatible" }),
      query: "apple",
      documents: ["apple"],
    });
    expect(results).toHaveLength(1);
    expect(() => provider.rerankModel("qwen3-vl-rerank", { api: "compatible" })).toThrow(/native endpoint/);
  });
});
