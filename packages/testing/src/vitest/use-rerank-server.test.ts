import { describe, expect, it } from "vitest";
import { routePaths } from "../route-dialect.js";
import { useRerankServer } from "./index.js";

const request = { model: "qwen3-rerank", input: { query: "red shoe", documents: ["blue hat", "red shoe"] } };

describe("useRerankServer()", () => {
  const rerank = useRerankServer();

  it("starts the server in beforeAll and exposes its url and DashScope base URL", () => {
    expect(rerank.url).toBe(rerank.server.url);
    expect(rerank.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(rerank.baseURL).toBe(`${rerank.url}/api/v1`);
  });

  it("posts JSON with the default key and reads any answer", async () => {
    const ok = await rerank.post<{ output: { results: { index: number }[] } }>(routePaths.native, request);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^application\/json/);
    expect(ok.body.output.results[0]?.index).toBe(1);
    expect(ok.text).toBe(JSON.stringify(ok.body));
    expect(rerank.server.calls[0]?.headers).toMatchObject({
      authorization: "Bearer test-key",
      "content-type": "application/json",
    });
    const raw = await rerank.post(routePaths.native, "{not json", { authorization: "Bearer test-key", "x-a": "1" });
    expect(raw).toMatchObject({ status: 400, body: { code: "InvalidParameter" } });
    expect(rerank.server.calls[1]?.headers["x-a"]).toBe("1");
    const anonymous = await rerank.post(routePaths.native, request, {}, { signal: AbortSignal.timeout(5000) });
    expect(anonymous.status).toBe(401);
  });

  it("resets the server after each test", () => {
    expect(rerank.server.calls).toHaveLength(0);
  });
});

describe("useRerankServer(options)", () => {
  const multi = useRerankServer({ apiKey: ["k1", "k2"], requestIdPrefix: "id-" });
  const open = useRerankServer({ apiKey: null });

  it("passes the options on and sends the first key", async () => {
    const { status, body } = await multi.post(routePaths.native, request);
    expect([status, body.request_id]).toEqual([200, "id-000000000001"]);
    expect(multi.server.calls[0]?.headers.authorization).toBe("Bearer k1");
  });

  it("sends no key when the server checks none", async () => {
    expect((await open.post(routePaths.native, request)).status).toBe(200);
    expect(open.server.calls[0]?.headers.authorization).toBeUndefined();
  });
});

let closedUrl = "";
describe("the server's life", () => {
  const rerank = useRerankServer();
  let readTooEarly: unknown;
  try {
    void rerank.server;
  } catch (error) {
    readTooEarly = error;
  }

  it("cannot be read before beforeAll", () => {
    expect(readTooEarly).toBeInstanceOf(Error);
    expect(String(readTooEarly)).toMatch(/beforeAll/);
    closedUrl = rerank.url;
  });
});

describe("after the block", () => {
  it("the server is closed", async () => {
    expect(closedUrl).not.toBe("");
    await expect(fetch(`${closedUrl}${routePaths.native}`, { method: "POST" })).rejects.toThrow();
  });
});
