import { type RerankServer, startRerankServer } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { Agent } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createDashScope,
  createVLLM,
  type DashScopeProviderSettings,
  InvalidArgumentError,
  RerankNetworkError,
  rerank,
} from "../index.js";
import { tinyPng as png } from "../test/index.js";

const apiKey = "sk-test-0123456789abcdef";

describe("DashScope compatible endpoint (docs/dashscope-api.md §1.2, §3.2)", () => {
  const context = useRerankServer({ apiKey });
  const provider = (settings: DashScopeProviderSettings = {}) =>
    createDashScope({ apiKey, baseURL: context.baseURL, ...settings });

  it("posts the flat body to /compatible-api/v1/reranks and reads the top-level results", async () => {
    const model = provider().rerankModel("qwen3-rerank", { api: "compatible" });
    const { results, requestIds } = await rerank({
      model,
      query: "What is a rerank model?",
      documents: ["Rerank models sort candidates", "Quantum computing", "rerank model training"],
      topN: 2,
      instruct: "Given a web search query, retrieve relevant passages that answer the query.",
    });
    const call = context.server.calls[0]!;
    expect(call.path).toBe("/compatible-api/v1/reranks");
    expect(call.body).toEqual({
      model: "qwen3-rerank",
      query: "What is a rerank model?",
      documents: ["Rerank models sort candidates", "Quantum computing", "rerank model training"],
      top_n: 2,
      instruct: "Given a web search query, retrieve relevant passages that answer the query.",
    });
    expect(results).toHaveLength(2);
    expect(requestIds).toEqual([call.requestId]);
  });

  it("refuses a multimodal model id on the compatible endpoint, naming the native one, before any request", () => {
    const build = () => provider().rerankModel("qwen3-vl-rerank", { api: "compatible" });
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(/not served by the OpenAI-compatible endpoint; use the native endpoint/);
    expect(context.server.calls).toHaveLength(0);
  });

  it("refuses images on the compatible endpoint before sending", async () => {
    const model = provider().rerankModel("qwen3-rerank", { api: "compatible" });
    const error = await rerank({ model, query: "q", documents: [{ image: "https://example.com/a.jpg" }] }).catch(
      (caught: unknown) => caught,
    );
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/qwen3-rerank takes text documents only/);
    expect(context.server.calls).toHaveLength(0);
  });
});

describe("vLLM /v1/rerank (docs/dashscope-api.md §7.2)", () => {
  let servers: RerankServer[] = [];
  const dispatcher = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 });
  beforeAll(async () => {
    servers = [await startRerankServer({ apiKey: null }), await startRerankServer({ apiKey: null })];
  });
  afterEach(() => {
    for (const server of servers) server.reset();
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await dispatcher.close();
  });

  it("sends documents as a list, with content parts for media and text+image mixed", async () => {
    const vllm = createVLLM({ baseURL: servers[0]!.url, dispatcher, apiKey: "vllm-key" });
    const dataUri = `data:image/png;base64,${Buffer.from(png).toString("base64")}`;
    const { results } = await rerank({
      model: vllm.rerankModel("Qwen/Qwen3-VL-Reranker-8B"),
      query: "red shoe",
      documents: [
        "a red shoe",
        { image: "https://example.com/red-shoe.jpg" },
        { text: "blue shoe", image: png },
        { video: "https://example.com/shoe.mp4" },
      ],
      topN: 3,
    });
    const call = servers[0]!.calls[0]!;
    expect(call.path).toBe("/v1/rerank");
    expect(call.headers.authorization).toBe("Bearer vllm-key");
    expect(call.body).toEqual({
      model: "Qwen/Qwen3-VL-Reranker-8B",
      query: "red shoe",
      documents: [
        "a red shoe",
        { content: [{ type: "image_url", image_url: { url: "https://example.com/red-shoe.jpg" } }] },
        {
          content: [
            { type: "text", text: "blue shoe" },
            { type: "image_url", image_url: { url: dataUri } },
          ],
        },
        { content: [{ type: "video_url", video_url: { url: "https://example.com/shoe.mp4" } }] },
      ],
      top_n: 3,
      max_tokens_per_doc: expect.any(Number),
    });
    expect(results).toHaveLength(3);
  });

  it("sends the instruction, cuts documents to what the query leaves of a pair, and asks vLLM to cut there too", async () => {
    const vllm = createVLLM({ baseURL: servers[0]!.url, dispatcher });
    const model = vllm.rerankModel("Qwen/Qwen3-VL-Reranker-2B", { maxModelLength: 1_000 });
    const long = "word ".repeat(2_000);
    const { warnings } = await rerank({
      model,
      query: "red shoe",
      documents: ["short", long],
      instruct: "Find shoes.",
    });
    const body = servers[0]!.calls[0]!.body as { instruction: string; max_tokens_per_doc: number; documents: string[] };
    expect(body.instruction).toBe("Find shoes.");
    // 1,000 tokens a pair, less the query's estimate (4) and the template's 128.
    expect(body.max_tokens_per_doc).toBe(868);
    expect(long.startsWith(body.documents[1]!)).toBe(true);
    expect(Math.ceil(body.documents[1]!.length / 3) + 1).toBeLessThanOrEqual(868);
    expect(warnings.map((warning) => warning.type)).toContain("truncation");
  });

  it("keeps the message of vLLM's errors: a bare Unauthorized, and a numeric code", async () => {
    const vllm = createVLLM({ baseURL: servers[0]!.url, dispatcher });
    const model = vllm.rerankModel("m");
    servers[0]!.enqueue({ type: "response", status: 401, body: { error: "Unauthorized" } });
    const unauthorized = await rerank({ model, query: "q", documents: ["a"], maxRetries: 0 }).catch((caught) => caught);
    expect((unauthorized as Error).message).toMatch(/^vLLM rerank failed: 401 Unauthorized POST /);
    const proxy = {
      object: "error",
      message: "The model does not support Rerank (Score) API",
      type: "BadRequestError",
      code: 400,
    };
    servers[0]!.enqueue({ type: "response", status: 400, body: proxy });
    const numeric = await rerank({ model, query: "q", documents: ["a"], maxRetries: 0 }).catch((caught) => caught);
    expect(numeric).toMatchObject({ status: 400, apiCode: "BadRequestError" });
    expect((numeric as Error).message).toMatch(/400 BadRequestError: The model does not support Rerank \(Score\) API/);
  });

  it("spreads calls over replicas and fails over when one is down, losing no result", async () => {
    const vllm = createVLLM({ baseURL: servers.map((server) => server.url), dispatcher });
    const model = vllm.rerankModel("Qwen/Qwen3-VL-Reranker-2B", { maxDocumentsPerCall: 10 });
    const documents = Array.from({ length: 100 }, (_, i) => `doc ${i} ${i % 3 === 0 ? "apple" : "pear"}`);
    await rerank({ model, query: "apple", documents });
    expect(servers[0]!.calls.length).toBe(5);
    expect(servers[1]!.calls.length).toBe(5);
    for (const server of servers) server.reset();
    servers[0]!.onCall(() => ({ type: "reset" }));
    const { results } = await rerank({ model, query: "apple", documents, maxRetries: 0 });
    expect(results.map((result) => result.index).sort((a, b) => a - b)).toEqual(documents.map((_, index) => index));
    expect(servers[1]!.calls.length).toBe(10);
  });

  it("surfaces a network error when every replica is down", async () => {
    const vllm = createVLLM({ baseURL: ["http://127.0.0.1:9"], dispatcher });
    const error = await rerank({ model: vllm.rerankModel("m"), query: "q", documents: ["a"], maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(RerankNetworkError.isInstance(error)).toBe(true);
  });

  it("validates its base URLs", () => {
    expect(() => createVLLM({ baseURL: [] })).toThrow(/baseURL/);
    expect(apiKey).toBeTruthy();
  });
});
