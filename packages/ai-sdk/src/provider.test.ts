import { inspect } from "node:util";
import { createVLLM } from "@qwen-rerank/core";
import { MockRerankModel } from "@qwen-rerank/core/test";
import { expectedRanking } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { createProviderRegistry, InvalidArgumentError, NoSuchModelError, rerank } from "ai";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createQwenRerank, fromRerankModel, type QwenRerankProviderMetadata } from "./index.js";

const apiKey = "sk-aisdk-provider-5566778899";
const query = "red running shoes";
const documents = ["blue hat", "red running shoes", "pasta", "trail running"];

const server = useRerankServer({ apiKey });
const ranks = (result: { ranking: Array<{ originalIndex: number; score: number }> }) =>
  result.ranking.map(({ originalIndex, score }) => ({ index: originalIndex, score }));

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("the Qwen rerank provider", () => {
  it("is an AI SDK provider with reranking models only", () => {
    const provider = createQwenRerank({ apiKey, baseURL: server.baseURL });
    const model = provider.reranking("qwen3-vl-rerank");

    expect(model).toMatchObject({
      specificationVersion: "v3",
      provider: "dashscope.reranking",
      modelId: "qwen3-vl-rerank",
    });
    expect(provider.rerankingModel("qwen3-rerank").modelId).toBe("qwen3-rerank");
    expect(provider.specificationVersion).toBe("v3");
    for (const kind of ["languageModel", "embeddingModel", "imageModel"] as const) {
      expect(() => provider[kind]("qwen-max")).toThrow(expect.objectContaining({ modelType: kind }));
      expect(NoSuchModelError.isInstance(catchSync(() => provider[kind]("qwen-max")))).toBe(true);
    }
    // The key lives in the core's provider, never on the model: nothing to leak in a log of the model.
    expect(`${JSON.stringify(model)}${inspect(model, { depth: 8 })}`).not.toContain(apiKey);
  });

  it("works through createProviderRegistry()", async () => {
    const registry = createProviderRegistry({ qwen: createQwenRerank({ apiKey, baseURL: server.baseURL }) });
    const result = await rerank({ model: registry.rerankingModel("qwen:qwen3-rerank"), query, documents, topN: 2 });

    expect(ranks(result)).toEqual(expectedRanking(query, documents, { topN: 2 }));
    expect((server.server.calls[0]!.body as { model: string }).model).toBe("qwen3-rerank");
  });

  it("serves model ids as the AI SDK's default provider", async () => {
    globalThis.AI_SDK_DEFAULT_PROVIDER = createQwenRerank({ apiKey, baseURL: server.baseURL });
    try {
      const result = await rerank({ model: "qwen3-rerank", query, documents });
      expect(ranks(result)).toEqual(expectedRanking(query, documents));
      expect((server.server.calls[0]!.body as { model: string }).model).toBe("qwen3-rerank");
    } finally {
      globalThis.AI_SDK_DEFAULT_PROVIDER = undefined;
    }
  });

  it("imports the default instance without reading the environment, which it reads on the first request", async () => {
    vi.stubEnv("DASHSCOPE_API_KEY", "");
    vi.stubEnv("DASHSCOPE_HTTP_BASE_URL", "not a url");
    const { qwenRerank } = await import("./index.js");
    const model = qwenRerank.reranking("qwen3-vl-rerank");

    // A bad environment fails the first request, with the SDK's error and before any socket.
    const error = await rerank({ model, query, documents }).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as { argument: string }).argument).toBe("baseURL");

    vi.resetModules();
    const fresh = (await import("./index.js")).qwenRerank.reranking("qwen3-vl-rerank");
    vi.stubEnv("DASHSCOPE_HTTP_BASE_URL", server.baseURL);
    vi.stubEnv("DASHSCOPE_API_KEY", apiKey);
    const result = await rerank({ model: fresh, query, documents });
    expect(ranks(result)).toEqual(expectedRanking(query, documents));
    expect(server.server.calls[0]!.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it("wraps a vLLM model from the core with fromRerankModel()", async () => {
    const vllm = createVLLM({ baseURL: server.url, apiKey }).rerankModel("Qwen/Qwen3-VL-Reranker-2B");
    const model = fromRerankModel(vllm, { headers: { "x-app": "shop" } });
    const all = [...documents, { image: "https://example.com/red-running-shoes.jpg" }];
    const result = await rerank({ model, query, documents: all });

    expect(model).toMatchObject({ provider: "vllm.reranking", modelId: "Qwen/Qwen3-VL-Reranker-2B" });
    expect(server.server.calls[0]!.dialect).toBe("vllm");
    expect(ranks(result)).toEqual(expectedRanking(query, all));
    expect(server.server.calls[0]!.headers["x-app"]).toBe("shop");
  });

  it("reports usage parts and warnings of any core model in providerMetadata", async () => {
    const mock = new MockRerankModel();
    mock.answerNext({
      ranking: [
        { index: 1, score: 0.9 },
        { index: 0, score: 0.2 },
      ],
      usage: { totalTokens: 30, imageTokens: 20, textTokens: 10 },
      requestId: "mock-request-1",
    });
    const result = await rerank({ model: fromRerankModel(mock), query, documents: ["blue hat", "red running shoes"] });

    expect(ranks(result)).toEqual([
      { index: 1, score: 0.9 },
      { index: 0, score: 0.2 },
    ]);
    expect(result.response.id).toBe("mock-request-1");
    expect(result.providerMetadata?.qwen).toEqual({
      requestIds: ["mock-request-1"],
      requestCount: 1,
      cached: false,
      usage: { totalTokens: 30, imageTokens: 20, textTokens: 10 },
      warnings: [],
    } satisfies QwenRerankProviderMetadata);
  });

  it("answers an empty list without a request, as rerank() does", async () => {
    const mock = new MockRerankModel();
    const result = await fromRerankModel(mock).doRerank({ query, documents: { type: "text", values: [] } });

    expect(result.ranking).toEqual([]);
    expect(mock.calls).toHaveLength(0);
  });

  it("refuses what is not a core model", () => {
    const sdkModel = createQwenRerank({ apiKey, baseURL: server.baseURL }).reranking("qwen3-vl-rerank");
    expect(() => fromRerankModel(sdkModel as never)).toThrow(/specificationVersion "v3" is not the core's "v1"/);
    expect(() => fromRerankModel({} as never)).toThrow(expect.objectContaining({ argument: "model" }));
  });
});

function catchSync(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
