import { describe, expect, it } from "vitest";
import { faults } from "./faults.js";
import { routePaths } from "./route-dialect.js";
import { useRerankServer } from "./vitest/index.js";

const { native, compatible, vllm } = routePaths;
const request = { model: "qwen3-rerank", input: { query: "q", documents: ["a"] } };

// docs/dashscope-api.md §10.3, §10.5
describe("answers recorded from the real API", () => {
  const rerank = useRerankServer();

  it("quotaExhausted: 429 Throttling.AllocationQuota for a spent token plan, with no Retry-After", async () => {
    rerank.server.enqueue(faults.quotaExhausted(), faults.quotaExhausted());
    const answer = await rerank.post(native, request);
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBeNull();
    expect(answer.body).toEqual({
      request_id: rerank.server.calls[0]?.requestId,
      code: "Throttling.AllocationQuota",
      message: "Your token-plan quota has been exhausted.",
    });
    const flat = await rerank.post(compatible, { model: "qwen3-rerank", query: "q", documents: ["a"] });
    expect(flat.body).toMatchObject({
      error: { code: "insufficient_quota", message: "Your token-plan quota has been exhausted." },
    });
  });

  it("resourceExhausted: a transient 429 with the error wrapped in `error`", async () => {
    rerank.server.enqueue(faults.resourceExhausted());
    const answer = await rerank.post(native, request);
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBeNull();
    expect(answer.body).toEqual({
      error: { code: "Throttling.ResourceExhausted", message: expect.stringMatching(/\[Too many requests\.\]$/) },
    });
    expect((await rerank.post(native, request)).status).toBe(200);
  });

  it("numericCodeError: a vLLM-style proxy's body, whose code is a number", async () => {
    rerank.server.enqueue(faults.numericCodeError(), faults.numericCodeError("boom", 503));
    const answer = await rerank.post(native, request);
    expect(answer.status).toBe(400);
    expect(answer.text).toBe(
      '{"object":"error","message":"The model does not support Rerank (Score) API","type":"BadRequestError","param":null,"code":400}',
    );
    expect(await rerank.post(vllm, { query: "q", documents: ["a"] })).toMatchObject({
      status: 503,
      body: { object: "error", message: "boom", code: 503 },
    });
  });

  it("refuses qwen3-vl-rerank and any multimodal model on the compatible route as the real API does", async () => {
    const answer = await rerank.post(compatible, { model: "qwen3-vl-rerank", query: "q", documents: ["a"] });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: {
        message: "Unsupported model `qwen3-vl-rerank` for OpenAI compatibility mode.",
        code: "model_not_supported",
        type: "invalid_request_error",
        param: null,
      },
      request_id: rerank.server.calls[0]?.requestId,
    });
    for (const model of ["qwen3-rerank", "qwen3.7-text-rerank"]) {
      expect((await rerank.post(compatible, { model, query: "q", documents: ["a"] })).status).toBe(200);
    }
  });

  describe("with a multimodal model of one's own", () => {
    const custom = useRerankServer({ limits: { "my-vl-rerank": { kind: "multimodal", image: 5 } } });

    it("refuses it on the compatible route too", async () => {
      const answer = await custom.post(compatible, { model: "my-vl-rerank", query: "q", documents: ["a"] });
      expect(answer.body).toMatchObject({
        error: {
          code: "model_not_supported",
          message: "Unsupported model `my-vl-rerank` for OpenAI compatibility mode.",
        },
      });
    });
  });
});
