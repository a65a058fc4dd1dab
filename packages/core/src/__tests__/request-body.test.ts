import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { getGlobalDispatcher } from "undici";
import { describe, expect, it } from "vitest";
import { createDashScope, type DashScopeProviderSettings, LoadAPIKeyError, rerank, VERSION } from "../index.js";
import { tinyPng as png } from "../test/index.js";

const apiKey = "sk-test-0123456789abcdef";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), "utf8"));
describe("request body (docs/dashscope-api.md §2)", () => {
  const context = useRerankServer({ apiKey });
  const provider = (settings: DashScopeProviderSettings = {}) =>
    createDashScope({ apiKey, baseURL: context.baseURL, ...settings });

  it("sends exactly the documented qwen3-vl-rerank seed body in one request (§2.1, fixtures/seed-request.json)", async () => {
    const seed = fixture("seed-request.json");
    const model = provider().rerankModel("qwen3-vl-rerank");
    const { results } = await rerank({
      model,
      query: seed.input.query,
      documents: seed.input.documents,
      topN: 2,
      returnDocuments: true,
      fps: 1.0,
    });
    expect(context.server.calls).toHaveLength(1);
    expect(context.server.calls[0]!.body).toEqual(seed);
    expect(context.server.calls[0]!.path).toBe("/api/v1/services/rerank/text-rerank/text-rerank");
    expect(results).toHaveLength(2);
    expect(results.map((result) => result.document)).toEqual(
      results.map((result) => seed.input.documents[result.index]),
    );
  });

  it("sends plain-string documents to text models (§2.1, fixtures/text-model-request.json)", async () => {
    const expected = fixture("text-model-request.json");
    await rerank({
      model: provider().rerankModel("qwen3-rerank"),
      query: expected.input.query,
      documents: expected.input.documents.map((text: string) => ({ text })),
      topN: 2,
      returnDocuments: true,
    });
    expect(context.server.calls[0]!.body).toEqual(expected);
  });

  it("leaves unset parameters out, and sends instruct when given (§2.6)", async () => {
    const model = provider().rerankModel("qwen3-rerank");
    await rerank({ model, query: "q", documents: ["a", "b"] });
    await rerank({ model, query: "q", documents: ["a"], instruct: "Retrieve semantically similar text." });
    expect(context.server.calls[0]!.body).toEqual({
      model: "qwen3-rerank",
      input: { query: "q", documents: ["a", "b"] },
    });
    expect((context.server.calls[1]!.body as { parameters: unknown }).parameters).toEqual({
      instruct: "Retrieve semantically similar text.",
    });
  });

  it("maps every document and query form for qwen3-vl-rerank (§2.3–§2.5)", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "qwen-rerank-"));
    writeFileSync(path.join(root, "dot.png"), png);
    const dataUri = `data:image/png;base64,${Buffer.from(png).toString("base64")}`;
    await rerank({
      model: provider().rerankModel("qwen3-vl-rerank"),
      query: { image: new URL("https://example.com/query-cat.jpg") },
      documents: [
        "plain string",
        { text: "object text" },
        { image: "https://example.com/cat.jpg" },
        { image: new URL("https://example.com/dog.png") },
        { image: dataUri },
        { image: png },
        { image: new Uint8Array(png).buffer },
        { image: new Blob([png]) },
        { image: path.join(root, "dot.png") },
        { image: new URL(`file://${path.join(root, "dot.png")}`) },
        { video: "https://example.com/clip.mp4" },
      ],
      allowedLocalRoots: [root],
      dedupe: false,
    });
    const body = context.server.calls[0]!.body as { input: { query: unknown; documents: unknown[] } };
    expect(body.input.query).toEqual({ image: "https://example.com/query-cat.jpg" });
    expect(body.input.documents).toEqual([
      { text: "plain string" },
      { text: "object text" },
      { image: "https://example.com/cat.jpg" },
      { image: "https://example.com/dog.png" },
      { image: dataUri },
      { image: dataUri },
      { image: dataUri },
      { image: dataUri },
      { image: dataUri },
      { image: dataUri },
      { video: "https://example.com/clip.mp4" },
    ]);
  });

  it("sends the media of a text+image document by default, the text or both on request", async () => {
    const model = provider().rerankModel("qwen3-vl-rerank");
    const documents = [{ text: "a red shoe", image: "https://example.com/shoe.jpg" }];
    const first = await rerank({ model, query: "shoe", documents });
    await rerank({ model, query: "shoe", documents, mixedContent: "text" });
    await rerank({ model, query: "shoe", documents, mixedContent: "both" });
    const sent = context.server.calls.map(
      (call) => (call.body as { input: { documents: unknown[] } }).input.documents[0],
    );
    expect(sent).toEqual([
      { image: "https://example.com/shoe.jpg" },
      { text: "a red shoe" },
      { text: "a red shoe", image: "https://example.com/shoe.jpg" },
    ]);
    expect(first.warnings).toEqual([expect.objectContaining({ type: "compatibility", feature: "mixedContent" })]);
  });

  it("sends the bearer key, JSON headers, a User-Agent, the workspace and extra headers (§1.3)", async () => {
    const model = provider({ workspace: "ws-42", headers: { "X-Trace": "t1" } }).rerankModel("qwen3-rerank");
    await rerank({ model, query: "q", documents: ["a"], headers: { "X-Call": "c1" } });
    const headers = context.server.calls[0]!.headers;
    expect(headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["user-agent"]).toBe(`qwen-rerank/core/${VERSION} node/${process.versions.node}`);
    expect(headers["x-dashscope-workspace"]).toBe("ws-42");
    expect(headers["x-trace"]).toBe("t1");
    expect(headers["x-call"]).toBe("c1");
  });

  it("reads DASHSCOPE_API_KEY and DASHSCOPE_HTTP_BASE_URL lazily, and explains a missing key", async () => {
    const saved = { key: process.env.DASHSCOPE_API_KEY, url: process.env.DASHSCOPE_HTTP_BASE_URL };
    try {
      delete process.env.DASHSCOPE_API_KEY;
      process.env.DASHSCOPE_HTTP_BASE_URL = `${context.server.url}/api/v1/`;
      const provider = createDashScope({ dispatcher: getGlobalDispatcher() });
      expect(provider.baseURL).toBe(context.baseURL);
      const model = provider.rerankModel("qwen3-rerank");
      const error = await rerank({ model, query: "q", documents: ["a"] }).catch((caught: unknown) => caught);
      expect(LoadAPIKeyError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/DASHSCOPE_API_KEY/);
      expect(context.server.calls).toHaveLength(0);
      process.env.DASHSCOPE_API_KEY = apiKey;
      await rerank({ model, query: "q", documents: ["a"] });
      expect(context.server.calls).toHaveLength(1);
    } finally {
      if (saved.key === undefined) delete process.env.DASHSCOPE_API_KEY;
      else process.env.DASHSCOPE_API_KEY = saved.key;
      if (saved.url === undefined) delete process.env.DASHSCOPE_HTTP_BASE_URL;
      else process.env.DASHSCOPE_HTTP_BASE_URL = saved.url;
    }
  });

  it("picks the region host when no base URL is given (§1.1)", () => {
    const saved = process.env.DASHSCOPE_HTTP_BASE_URL;
    delete process.env.DASHSCOPE_HTTP_BASE_URL;
    try {
      expect(createDashScope().baseURL).toBe("https://dashscope.aliyuncs.com/api/v1");
      expect(createDashScope({ region: "intl" }).baseURL).toBe("https://dashscope-intl.aliyuncs.com/api/v1");
    } finally {
      if (saved !== undefined) process.env.DASHSCOPE_HTTP_BASE_URL = saved;
    }
  });
});
