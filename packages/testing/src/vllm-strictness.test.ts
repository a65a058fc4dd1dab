import { describe, expect, it } from "vitest";
import { estimateTextTokens } from "./estimate-text-tokens.js";
import { routePaths } from "./route-dialect.js";
import { useRerankServer } from "./vitest/index.js";

const { vllm } = routePaths;
type VllmAnswer = {
  id: string;
  usage: { prompt_tokens: number; total_tokens: number };
  results: { index: number; document: unknown; relevance_score: number }[];
};
const image = (name: string) => ({ type: "image_url", image_url: { url: `https://x.test/${name}.jpg` } });
const words = (count: number, word = "abc") => Array.from({ length: count }, () => word).join(" "); // one token a word

// docs/dashscope-api.md §10.6
describe("the vLLM answer", () => {
  const rerank = useRerankServer();

  it("has a score-… id, equal prompt and total tokens, and every document echoed", async () => {
    const multimodal = { content: [{ type: "text", text: "blue hat" }, image("red-shoe")] };
    const documents = ["red shoe", multimodal];
    const { status, body } = await rerank.post<VllmAnswer>(vllm, { model: "m", query: "red shoe", documents });
    expect(status).toBe(200);
    const tokens = estimateTextTokens("red shoe") * 3 + estimateTextTokens("blue hat") + 64;
    expect(body).toEqual({
      id: `score-${rerank.server.calls[0]?.requestId}`,
      model: "m",
      usage: { prompt_tokens: tokens, total_tokens: tokens },
      results: [
        { index: 0, document: { text: "red shoe" }, relevance_score: expect.any(Number) },
        { index: 1, document: { multi_modal: multimodal.content }, relevance_score: expect.any(Number) },
      ],
    });
  });
});

describe("vLLM 0.16 (the default)", () => {
  const rerank = useRerankServer({ vllm: { maxModelLength: 50 } });

  it("refuses a pair over --max-model-len with vLLM's context-length error", async () => {
    const { status, body } = await rerank.post(vllm, { query: "q", documents: ["short", words(50)] });
    expect(status).toBe(400);
    expect(body).toEqual({
      error: {
        message:
          "This model's maximum context length is 50 tokens. However, you requested 0 output tokens and your prompt contains at least 51 input tokens, for a total of at least 51 tokens. Please reduce the length of the input prompt or the number of requested output tokens. (parameter=input_tokens, value=51)",
        type: "BadRequestError",
        param: "input_tokens",
        code: 400,
      },
    });
    expect((await rerank.post(vllm, { query: "q", documents: [words(49)] })).status).toBe(200);
  });

  it("truncates documents to max_tokens_per_doc instead, and records what it cut", async () => {
    const long = `${words(60)} zebra`;
    const { status, body } = await rerank.post<VllmAnswer>(vllm, {
      query: "zebra",
      documents: [long, "a zebra"],
      max_tokens_per_doc: 40,
    });
    expect(status).toBe(200);
    expect(body.results.map((result) => result.index)).toEqual([1, 0]); // the cut lost "zebra"
    expect(body.results[1]?.document).toEqual({ text: long }); // echoed as sent
    expect(body.usage.prompt_tokens).toBe(2 * estimateTextTokens("zebra") + 40 + estimateTextTokens("a zebra"));
    expect(rerank.server.calls[0]?.truncated).toEqual([0]);
    const tooBig = await rerank.post(vllm, { query: "q", documents: ["a"], max_tokens_per_doc: 50 });
    expect(tooBig).toMatchObject({ status: 400, body: { error: { param: "max_tokens_per_doc", code: 400 } } });
  });

  it("cuts the rendered pair to truncate_prompt_tokens, from the right unless truncation_side is left", async () => {
    const document = `zebra ${words(60)}`;
    const right = await rerank.post<VllmAnswer>(vllm, {
      query: "zebra",
      documents: [document],
      truncate_prompt_tokens: 20,
    });
    expect(right.body.usage.prompt_tokens).toBe(20);
    expect(right.body.results[0]?.relevance_score).toBeGreaterThan(0); // the document's start survived
    const left = await rerank.post<VllmAnswer>(vllm, {
      query: "zebra",
      documents: [document],
      truncate_prompt_tokens: -1,
      truncation_side: "left",
    });
    expect(left.body.usage.prompt_tokens).toBe(50);
    expect(left.body.results[0]?.relevance_score).toBe(0); // the query went first
    expect(rerank.server.calls[1]?.truncated).toEqual([0, "query"]);
    const over = await rerank.post(vllm, { query: "q", documents: ["a"], truncate_prompt_tokens: 51 });
    expect(over.body).toMatchObject({
      error: {
        message:
          "truncate_prompt_tokens=51 cannot be greater than max_model_len - max_output_tokens = 50. Please request a smaller truncation size.",
        param: "truncate_prompt_tokens",
      },
    });
  });

  it("accepts and records instruction and unknown top-level fields", async () => {
    const body = { query: "q", documents: ["a"], instruction: "Find the shoe.", return_documents: true, foo: { x: 1 } };
    expect((await rerank.post(vllm, body)).status).toBe(200);
    expect(rerank.server.calls[0]).toMatchObject({
      instruction: "Find the shoe.",
      ignoredFields: ["return_documents", "foo"],
    });
    expect((await rerank.post(vllm, { query: "q", documents: ["a"], instruction: 7 })).status).toBe(400);
  });
});

describe("vLLM 0.15", () => {
  const rerank = useRerankServer({ vllm: { version: "0.15" }, apiKey: "vllm-key" });

  it("refuses a list holding a {content} document with pydantic's 400, takes strings and one {content}", async () => {
    const mixed = await rerank.post<{ error: { message: string } }>(vllm, {
      query: "q",
      documents: ["a", { content: [image("cat")] }],
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.message).toContain(
      "{'type': 'string_type', 'loc': ('body', 'documents', 'list[str]', 1), 'msg': 'Input should be a valid string'}",
    );
    expect((await rerank.post(vllm, { query: "q", documents: "a" })).status).toBe(400);
    expect((await rerank.post(vllm, { query: "q", documents: ["a", "b"] })).status).toBe(200);
    const split = await rerank.post<VllmAnswer>(vllm, { query: "q", documents: { content: [image("a"), image("b")] } });
    expect(split.body.results).toHaveLength(2);
  });

  it("answers a wrong or missing key with vLLM's bare {error: 'Unauthorized'}", async () => {
    for (const headers of [{}, { authorization: "Bearer nope" }] as Record<string, string>[]) {
      const answer = await rerank.post(vllm, { query: "q", documents: ["a"] }, headers);
      expect([answer.status, answer.text]).toEqual([401, '{"error":"Unauthorized"}']);
    }
  });
});

describe("--limit-mm-per-prompt", () => {
  const rerank = useRerankServer({ vllm: { limitMediaPerPrompt: { image: 1 } } });

  it("counts media per query–document pair, the query's in every pair", async () => {
    const documents = [{ content: [image("a")] }, { content: [image("b")] }];
    expect((await rerank.post(vllm, { query: "q", documents })).status).toBe(200);
    const imageQuery = await rerank.post(vllm, { query: { content: [image("q")] }, documents });
    expect(imageQuery).toMatchObject({
      status: 400,
      body: {
        error: {
          message:
            "At most 1 image(s) may be provided in one prompt. Set `--limit-mm-per-prompt` to increase this limit.",
          type: "BadRequestError",
          param: null,
          code: 400,
        },
      },
    });
  });
});
