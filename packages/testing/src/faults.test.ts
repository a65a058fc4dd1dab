import { describe, expect, it } from "vitest";
import { faults } from "./faults.js";
import type { FaultRule, RecordedCall } from "./rerank-server.js";
import { useRerankServer } from "./vitest/index.js";

const native = "/api/v1/services/rerank/text-rerank/text-rerank";
const request = { model: "qwen3-rerank", input: { query: "red shoe", documents: ["red shoe", "blue hat", "red hat"] } };
type NativeBody = { output: { results: { index: number; relevance_score: number }[] } };

const rerank = useRerankServer();
const { post } = rerank;
const send = (signal?: AbortSignal) =>
  fetch(`${rerank.url}${native}`, {
    method: "POST",
    headers: { authorization: "Bearer test-key" },
    body: JSON.stringify(request),
    ...(signal ? { signal } : {}),
  });

describe("status faults", () => {
  it("default to the DashScope error body fitting the status", async () => {
    rerank.server.enqueue(faults.serverError(), faults.status(503), faults.unauthorized(), faults.status(400));
    const answers = [
      await post(native, request),
      await post(native, request),
      await post(native, request),
      await post(native, request),
    ];
    expect(answers.map(({ status, body }) => [status, body.code])).toEqual([
      [500, "InternalError"],
      [503, "ServiceUnavailable"],
      [401, "InvalidApiKey"],
      [400, "InvalidParameter"],
    ]);
    const requestId = rerank.server.calls[0]?.requestId;
    expect(answers[0]?.body).toEqual({ request_id: requestId, code: "InternalError", message: expect.any(String) });
    expect(rerank.server.calls.map((call) => call.fault)).toEqual(["status", "status", "status", "status"]);
  });

  it("carry Retry-After as seconds or an HTTP-date, and custom bodies and headers", async () => {
    const date = new Date("2030-01-01T00:00:00Z");
    const teapot = faults.status(418, "teapot", { "x-why": "test" });
    rerank.server.enqueue(faults.rateLimited(2), faults.rateLimited(date), teapot);
    const seconds = await post(native, request);
    expect(seconds.status).toBe(429);
    expect(seconds.headers.get("retry-after")).toBe("2");
    expect(seconds.body).toMatchObject({ code: "Throttling.RateQuota" });
    expect((await post(native, request)).headers.get("retry-after")).toBe("Tue, 01 Jan 2030 00:00:00 GMT");
    const custom = await post(native, request);
    expect([custom.status, custom.text, custom.headers.get("x-why")]).toEqual([418, "teapot", "test"]);
  });

  it("error-in-200 sends an error body with HTTP 200", async () => {
    rerank.server.enqueue(faults.errorIn200(), { type: "error-in-200", code: "Throttling", message: "slow down" });
    expect(await post(native, request)).toMatchObject({ status: 200, body: { code: "InternalError" } });
    expect(await post(native, request)).toMatchObject({
      status: 200,
      body: { code: "Throttling", message: "slow down" },
    });
  });
});

describe("transport faults", () => {
  it("latency delays the normal answer", async () => {
    rerank.server.enqueue(faults.latency(40));
    const started = performance.now();
    const { status } = await post(native, request);
    expect(status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it("hang never answers, so the client's timeout fires", async () => {
    rerank.server.enqueue(faults.hang());
    await expect(send(AbortSignal.timeout(50))).rejects.toMatchObject({ name: "TimeoutError" });
    expect(rerank.server.calls[0]).toMatchObject({ fault: "hang", response: { status: undefined } });
    expect((await post(native, request)).status).toBe(200);
  });

  it("reset destroys the socket before any byte", async () => {
    rerank.server.enqueue(faults.reset());
    const error = await send().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as { cause?: { code?: string } }).cause?.code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
  });

  it("truncated sends valid headers, then too few bytes", async () => {
    rerank.server.enqueue(faults.truncated());
    const response = await send();
    expect(response.status).toBe(200);
    expect(Number(response.headers.get("content-length"))).toBeGreaterThan(10);
    await expect(response.text()).rejects.toThrow();
  });
});

describe("body faults", () => {
  it("invalid-json sends 200 JSON that does not parse", async () => {
    rerank.server.enqueue(faults.invalidJson());
    const { status, text, body, headers } = await post(native, request);
    expect([status, body, headers.get("content-type")]).toEqual([200, undefined, "application/json; charset=utf-8"]);
    expect(text.startsWith('{"output"')).toBe(true);
  });

  it("html sends a proxy page", async () => {
    rerank.server.enqueue(faults.html(), faults.html(504));
    const bad = await post(native, request);
    expect([bad.status, bad.headers.get("content-type")]).toEqual([502, "text/html"]);
    expect(bad.text).toContain("<h1>502 Bad Gateway</h1>");
    expect((await post(native, request)).text).toContain("504 Gateway Timeout");
  });

  it("response sends any canned body, raw strings verbatim", async () => {
    const nan = '{"output":{"results":[{"index":0,"relevance_score":NaN}]},"usage":{"total_tokens":1}}';
    const canned = { output: { results: [{ index: 7, relevance_score: 0.5 }] } };
    rerank.server.enqueue(faults.response(nan), { type: "response", body: canned, status: 201 });
    expect((await post(native, request)).text).toBe(nan);
    expect(await post(native, request)).toMatchObject({ status: 201, body: { output: { results: [{ index: 7 }] } } });
  });

  it("mutate transforms the normal answer; mutateResults finds results in any dialect", async () => {
    rerank.server.enqueue(
      faults.mutate((body) => ({ ...(body as object), extra: true })),
      faults.mutateResults((results) => [...results, { ...results[0], index: results[0]?.index }]),
      faults.mutateResults((results) => results.slice(1)),
    );
    expect((await post(native, request)).body).toMatchObject({ extra: true, output: { results: expect.any(Array) } });
    const duplicated = await post<NativeBody>(native, request);
    expect(duplicated.body.output.results.map((result) => result.index)).toEqual([0, 2, 1, 0]);
    const compatible = await post<{ results: unknown[] }>("/compatible-api/v1/reranks", {
      model: "qwen3-rerank",
      query: "q",
      documents: ["a", "b"],
    });
    expect(compatible.body.results).toHaveLength(1);
  });
});

describe("fault scheduling", () => {
  it("consumes queued faults FIFO across routes, and body shapes follow the dialect", async () => {
    rerank.server.enqueue(faults.rateLimited(1), faults.rateLimited(1), faults.rateLimited(1), faults.unauthorized());
    const compatible = await post("/compatible-api/v1/reranks", {});
    const vllm = await post("/v1/rerank", {});
    const cohere = await post("/v2/rerank", {});
    const vllmAuth = await post("/rerank", {});
    expect(compatible.body).toMatchObject({ error: { code: "Throttling.RateQuota" }, request_id: expect.any(String) });
    expect(vllm.body).toMatchObject({ error: { code: 429, type: "TooManyRequestsError" } });
    expect(cohere.body).toEqual({ id: expect.any(String), message: expect.any(String) });
    expect(vllmAuth.body).toEqual({ error: "Unauthorized" });
    expect((await post(native, request)).status).toBe(200);
  });

  it("onCall rules fire by call number after the queue, until removed", async () => {
    const everyThird: FaultRule = (_call, callNumber) => (callNumber % 3 === 0 ? faults.serverError(503) : undefined);
    const remove = rerank.server.onCall(everyThird);
    rerank.server.enqueue(faults.html());
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(native, request)).status);
    expect(statuses).toEqual([502, 200, 503, 200, 200, 503]);
    remove();
    expect((await post(native, request)).status).toBe(200);
  });

  it("rules see the recorded call, e.g. to fail only big batches", async () => {
    const big = (call: RecordedCall) => (call.body as typeof request).input.documents.length > 2;
    rerank.server.onCall((call) => (big(call) ? faults.status(400) : undefined));
    expect((await post(native, request)).status).toBe(400);
    expect((await post(native, { ...request, input: { query: "q", documents: ["a"] } })).status).toBe(200);
  });
});

describe("latencyMs", () => {
  const slow = useRerankServer({ latencyMs: 30 });

  it("delays every call", async () => {
    const started = performance.now();
    expect((await slow.post(native, request)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});
