import { describe, expect, it } from "vitest";
import { useRerankServer } from "./vitest/index.js";

type Result = { index: number; relevance_score: number; document?: { text?: string; multi_modal?: unknown[] } };
type ResultsBody = { results: Result[]; [field: string]: unknown };

const rerank = useRerankServer();
const { post } = rerank;

const documents = [
  "Quantum computing is a field of computer science.",
  "Rerank models sort candidates by relevance.",
  "Rerank",
];

// docs/dashscope-api.md §1.2, §3.2
describe("compatible route", () => {
  const path = "/compatible-api/v1/reranks";

  it("answers the flat shape without an output wrapper", async () => {
    const { status, body } = await post<ResultsBody>(path, {
      model: "qwen3-rerank",
      query: "What is a rerank model?",
      documents,
      top_n: 2,
      return_documents: true,
      instruct: "x",
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      id: rerank.server.calls.at(-1)?.requestId,
      object: "list",
      model: "qwen3-rerank",
      results: [
        { index: 1, relevance_score: expect.any(Number), document: { text: documents[1] } },
        { index: 2, relevance_score: expect.any(Number), document: { text: documents[2] } },
      ],
      usage: { total_tokens: expect.any(Number) },
    });
    expect(rerank.server.calls.at(-1)?.dialect).toBe("compatible");
  });

  it("refuses object documents, native-only models, and the singular path", async () => {
    const objects = await post(path, { model: "qwen3-rerank", query: "q", documents: [{ text: "a" }] });
    expect(objects).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_parameter_error", type: "invalid_request_error" } },
    });
    expect(await post(path, { model: "qwen3-vl-rerank", query: "q", documents: ["a"] })).toMatchObject({
      status: 400,
      body: { error: { code: "model_not_supported" } },
    });
    expect(await post(path, { model: "no-such-rerank", query: "q", documents: ["a"] })).toMatchObject({
      status: 404,
      body: { error: { code: "model_not_found" } },
    });
    expect((await post(path, { model: "qwen3-rerank", query: "q", documents: ["a"] }, {})).body).toMatchObject({
      error: { code: "invalid_api_key" },
    });
    expect(
      (await post("/compatible-api/v1/rerank", { model: "qwen3-rerank", query: "q", documents: ["a"] })).status,
    ).toBe(404);
  });
});

// docs/dashscope-api.md §7.2
describe("vLLM route", () => {
  const image = { type: "image_url", image_url: { url: "https://x.test/golden-retriever.jpg" } };
  const video = { type: "video_url", video_url: { url: "https://x.test/cat-video.mp4" } };

  it("takes strings and content lists, echoes documents, and returns all for top_n 0", async () => {
    const multimodal = [{ type: "text", text: "retriever" }, image];
    const list = ["a dog", { content: multimodal }, { content: [video] }];
    const { status, body } = await post<ResultsBody>("/v1/rerank", {
      model: "Qwen/Qwen3-VL-Reranker-2B",
      query: "golden retriever dog",
      documents: list,
      top_n: 0,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: `score-${rerank.server.calls[0]?.requestId}`,
      model: "Qwen/Qwen3-VL-Reranker-2B",
      usage: { prompt_tokens: expect.any(Number), total_tokens: expect.any(Number) },
    });
    expect(body.results.map((result) => result.index)).toEqual([1, 0, 2]);
    expect(body.results[0]?.document).toEqual({ multi_modal: multimodal });
    expect(body.results[1]?.document).toEqual({ text: "a dog" });
  });

  it("splits a single {content} object into one document per part (the vLLM pitfall), also at /rerank", async () => {
    const { body } = await post<ResultsBody>("/rerank", {
      query: { content: [{ type: "text", text: "cat video" }] },
      documents: { content: [image, video, { type: "text", text: "x" }] },
      top_n: 2,
    });
    expect(body.results).toHaveLength(2);
    expect(body.results[0]).toMatchObject({ index: 1, document: { multi_modal: [video] } });
    const all = await post<ResultsBody>("/v1/rerank", { query: "q", documents: { content: [image, video, image] } });
    expect(all.body.results).toHaveLength(3);
  });

  it("answers vLLM-style errors", async () => {
    const bad = await post("/v1/rerank", { query: "q", documents: [{ content: [{ type: "audio_url" }] }] });
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { type: "BadRequestError", code: 400, message: expect.any(String) } },
    });
    expect((await post("/v1/rerank", { query: "q", documents: [] })).status).toBe(400);
    expect((await post("/v1/rerank", { query: "q", documents: ["a"], top_n: -1 })).status).toBe(400);
  });
});

// docs/dashscope-api.md §8.2
describe("Cohere route", () => {
  it("answers the v2 shape with billed search units", async () => {
    const { status, body } = await post<ResultsBody>("/v2/rerank", {
      model: "rerank-v3.5",
      query: "rerank model",
      documents,
      top_n: 1,
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      id: expect.any(String),
      results: [{ index: 1, relevance_score: expect.any(Number) }],
      meta: { api_version: { version: "2" }, billed_units: { search_units: 1 } },
    });
    expect(await post("/v2/rerank", { model: "m", query: "q", documents: [1] })).toMatchObject({
      status: 400,
      body: { message: expect.any(String) },
    });
  });
});
