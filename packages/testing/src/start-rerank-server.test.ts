import { describe, expect, it } from "vitest";
import { lexicalScore } from "./lexical-score.js";
import { startRerankServer } from "./start-rerank-server.js";
import { useRerankServer } from "./vitest/index.js";

const native = "/api/v1/services/rerank/text-rerank/text-rerank";
type NativeResult = { index: number; relevance_score: number; document?: Record<string, string> };
type NativeBody = { output: { results: NativeResult[] }; usage: { total_tokens: number }; request_id: string };

const rerank = useRerankServer({ captions: { "https://img.test/1.jpg": "a golden retriever on the beach" } });
const { post } = rerank;

// The documented qwen3-vl-rerank example (docs/dashscope-api.md §2.1).
const seedText =
  "Text reranking models are widely used in search engines and recommender systems to sort candidates by relevance.";
const seed = {
  model: "qwen3-vl-rerank",
  input: {
    query: "What is a text reranking model?",
    documents: [
      { text: seedText },
      { image: "https://img.alicdn.com/imgextra/i3/O1CN01rdstgY1uiZWt8gqSL_!!6000000006071-0-tps-1970-356.jpg" },
      { video: "https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20250107/lbcemt/new+video.mp4" },
    ],
  },
  parameters: { return_documents: true, top_n: 2, fps: 1.0 },
};

describe("native route", () => {
  it("answers the documented example with sorted, cut, echoed results", async () => {
    const { status, body, headers } = await post<NativeBody>(native, seed);
    expect(status).toBe(200);
    expect(headers.get("content-type")).toMatch(/^application\/json/);
    expect(body.output.results).toHaveLength(2);
    expect(body.output.results[0]).toMatchObject({ index: 0, document: { text: seed.input.documents[0]?.text } });
    expect(body.output.results[1]).toMatchObject({ document: { image: seed.input.documents[1]?.image } });
    expect(body.request_id).toBe("00000000-0000-4000-8000-000000000001");
    expect(body.usage.total_tokens).toBeGreaterThan(0);
  });

  it("sorts by score, ties by index, returns all without top_n and no document by default", async () => {
    const documents = ["a blue hat", "red shoe", "the red running shoe", "a blue hat"];
    const { body } = await post<NativeBody>(native, {
      model: "qwen3-rerank",
      input: { query: "red running shoe", documents },
    });
    expect(body.output.results.map((result) => result.index)).toEqual([2, 1, 0, 3]);
    expect(body.output.results[0]?.relevance_score).toBe(lexicalScore("red running shoe", documents[2] ?? ""));
    expect(body.output.results.every((result) => !("document" in result))).toBe(true);
  });

  it("returns everything when top_n exceeds the document count", async () => {
    const { body } = await post<NativeBody>(native, {
      model: "gte-rerank-v2",
      input: { query: "x", documents: ["x", "y"] },
      parameters: { top_n: 10 },
    });
    expect(body.output.results).toHaveLength(2);
  });

  it("scores images by caption and by file name, and accepts an image query", async () => {
    const documents = [
      { image: "https://img.test/2.jpg" },
      { image: "https://img.test/1.jpg" },
      { image: "https://img.test/photos/golden-retriever-puppy.png" },
      { text: "dog food" },
    ];
    const { body } = await post<NativeBody>(native, {
      model: "qwen3-vl-rerank",
      input: { query: "golden retriever beach", documents },
    });
    expect(body.output.results.map((result) => result.index)).toEqual([1, 2, 0, 3]);
    const imageQuery = await post<NativeBody>(native, {
      model: "qwen3-vl-rerank",
      input: { query: { image: "https://q.test/dog-food.jpg" }, documents: ["cat toys", "dog food bowls"] },
    });
    expect(imageQuery.body.output.results[0]?.index).toBe(1);
  });
});

describe("auth", () => {
  it("answers 401 InvalidApiKey for a missing or wrong key", async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer nope" }, { authorization: "test-key" }];
    for (const headers of attempts) {
      const { status, body } = await post(native, seed, headers);
      expect(status).toBe(401);
      expect(body).toEqual({
        request_id: expect.any(String),
        code: "InvalidApiKey",
        message: "Invalid API-key provided.",
      });
    }
  });

  describe("with several keys, or none", () => {
    const multi = useRerankServer({ apiKey: ["k1", "k2"] });
    const open = useRerankServer({ apiKey: null });

    it("accepts any of several keys, or none when apiKey is null", async () => {
      expect((await multi.post(native, seed, { authorization: "Bearer k2" })).status).toBe(200);
      expect((await multi.post(native, seed, { authorization: "Bearer test-key" })).status).toBe(401);
      expect((await open.post(native, seed, {})).status).toBe(200);
    });
  });
});

describe("call log and lifecycle", () => {
  it("records method, path, lower-cased headers, parsed and raw bodies, and the answer", async () => {
    await post(`${native}?x=1`, seed, { authorization: "Bearer test-key", "X-DashScope-WorkSpace": "ws-1" });
    const [call] = rerank.server.calls;
    expect(call).toMatchObject({
      method: "POST",
      path: native,
      dialect: "native",
      callNumber: 1,
      body: seed,
      rawBody: JSON.stringify(seed),
      headers: {
        authorization: "Bearer test-key",
        "x-dashscope-workspace": "ws-1",
        "content-type": "application/json",
      },
      response: { status: 200, body: { request_id: call?.requestId } },
    });
    expect(call?.fault).toBeUndefined();
  });

  it("answers unknown paths and methods with JSON errors", async () => {
    const unknown = await post("/compatible-api/v1/rerank", {});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: "NotFound" });
    const get = await fetch(`${rerank.url}${native}`);
    expect(get.status).toBe(405);
    expect(rerank.server.calls.map((call) => call.dialect)).toEqual(["unknown", "native"]);
  });

  describe("with a small maxBodyBytes", () => {
    const small = useRerankServer({ maxBodyBytes: 1000 });

    it("answers 413 BadRequest.TooLarge past it", async () => {
      const { status, body } = await small.post(native, { ...seed, padding: "x".repeat(5000) });
      expect(status).toBe(413);
      expect(body).toMatchObject({ code: "BadRequest.TooLarge" });
      expect(small.server.calls[0]).toMatchObject({ rawBody: "", body: undefined });
    });
  });

  it("uses a custom scorer until setScorer(undefined), and reset keeps it", async () => {
    const request = { model: "qwen3-rerank", input: { query: "q", documents: ["a", "b", "c"] } };
    rerank.server.setScorer((_query, _document, index) => index / 10);
    rerank.server.reset();
    expect((await post<NativeBody>(native, request)).body.output.results.map((result) => result.index)).toEqual([
      2, 1, 0,
    ]);
    rerank.server.setScorer(undefined);
    expect((await post<NativeBody>(native, request)).body.output.results.map((result) => result.index)).toEqual([
      0, 1, 2,
    ]);
  });

  it("reset clears calls and restarts numbering; close is idempotent", async () => {
    await post(native, seed);
    rerank.server.reset();
    expect(rerank.server.calls).toHaveLength(0);
    await post(native, seed);
    expect(rerank.server.calls[0]?.callNumber).toBe(1);
    const other = await startRerankServer();
    expect(other.url).toBe(`http://127.0.0.1:${other.port}`);
    await Promise.all([other.close(), other.close()]);
    await other.close();
    await expect(fetch(`${other.url}${native}`, { method: "POST" })).rejects.toThrow();
  });

  it("closes on leaving an `await using` block", async () => {
    let url = "";
    {
      await using disposable = await startRerankServer();
      url = disposable.url;
      expect((await fetch(`${url}${native}`, { method: "POST" })).status).toBe(401);
    }
    await expect(fetch(`${url}${native}`, { method: "POST" })).rejects.toThrow();
  });

  describe("in bench mode", () => {
    const bench = useRerankServer({ cannedResponse: true, recordCalls: false, latencyMs: 1 });

    it("answers a fixed ranking without validating, and recordCalls: false keeps nothing", async () => {
      const request = { input: { documents: [1, 2, 3] }, parameters: { top_n: 2 } };
      const { status, body } = await bench.post<NativeBody>(native, request);
      expect(status).toBe(200);
      expect(body.output.results.map((result) => result.index)).toEqual([0, 1]);
      expect(body.output.results[0]?.relevance_score).toBe(0.75);
      expect(bench.server.calls).toHaveLength(0);
    });
  });
});
