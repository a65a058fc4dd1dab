import { AsyncLocalStorage } from "node:async_hooks";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { Agent, getGlobalDispatcher } from "undici";
import { describe, expect, it, vi } from "vitest";
import { createDashScope, type DashScopeProviderSettings, RerankNetworkError, rerank } from "../index.js";

const apiKey = "sk-test-0123456789abcdef";

const documents = ["red apple", "green apple pie", "blue sky"];

// postJson talks to undici's `dispatch` directly rather than through `request()`; these pin what `request()` did
// for us before: decoding, the caller's abort, and the caller's async context.
describe("the HTTP exchange", () => {
  const context = useRerankServer({ apiKey });
  const provider = (settings: DashScopeProviderSettings = {}) =>
    createDashScope({ apiKey, baseURL: context.baseURL, ...settings });
  const model = () => provider().rerankModel("qwen3-rerank");

  it("decodes an answer that arrives in many chunks with multi-byte characters split across them", async () => {
    // Three-byte characters over ~1.5 MB: TCP hands it over in chunks whose edges fall inside characters.
    const requestId = "请求编号".repeat(128 * 1024);
    context.server.enqueue({ type: "mutate", fn: (body) => ({ ...(body as object), request_id: requestId }) });
    const result = await rerank({ model: model(), query: "apple", documents });
    expect(result.requestIds).toHaveLength(1);
    expect(result.requestIds[0]!.length).toBe(requestId.length);
    expect(result.requestIds[0] === requestId).toBe(true);
  });

  it("reads a JSON answer that starts with a UTF-8 byte order mark, as undici's body.text() did", async () => {
    const answer = {
      output: { results: [0, 1, 2].map((index) => ({ index, relevance_score: 1 - index / 10 })) },
      usage: { total_tokens: 7 },
      request_id: "bom-1",
    };
    context.server.enqueue({ type: "response", body: `\uFEFF${JSON.stringify(answer)}` });
    const result = await rerank({ model: model(), query: "apple", documents });
    expect(result.requestIds).toEqual(["bom-1"]);
    expect(result.results.map((item) => item.index)).toEqual([0, 1, 2]);
    expect(result.usage.totalTokens).toBe(7);
  });

  it("rejects with the caller's reason as soon as it aborts, even while the request still waits for a connection", async () => {
    // One connection: the first call hangs on it, so the second waits in undici's queue and is never sent.
    const dispatcher = new Agent({ connections: 1, keepAliveTimeout: 10, keepAliveMaxTimeout: 10 });
    const queued = createDashScope({ apiKey, baseURL: context.baseURL, dispatcher }).rerankModel("qwen3-rerank");
    context.server.enqueue({ type: "hang" });
    const first = new AbortController();
    const hanging = rerank({ model: queued, query: "apple", documents, abortSignal: first.signal, maxRetries: 0 });
    await vi.waitFor(() => expect(context.server.calls).toHaveLength(1), { interval: 1 });
    const second = new AbortController();
    const waiting = rerank({ model: queued, query: "apple", documents, abortSignal: second.signal, maxRetries: 0 });
    const reason = new Error("the user left");
    second.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    // The hanging call is still in flight: the second settled on its own abort, not when the connection freed up.
    first.abort(new Error("done"));
    await expect(hanging).rejects.toThrow("done");
    expect(context.server.calls).toHaveLength(1);
    await dispatcher.destroy();
  });

  it("keeps the caller's AsyncLocalStorage context in onProgress and after the call", async () => {
    const storage = new AsyncLocalStorage<string>();
    const seen: Array<string | undefined> = [];
    const after = await storage.run("trace-42", async () => {
      await rerank({ model: model(), query: "apple", documents, onProgress: () => seen.push(storage.getStore()) });
      return storage.getStore();
    });
    expect(seen).toEqual(["trace-42"]);
    expect(after).toBe("trace-42");
  });

  it("goes through a dispatcher the user composed with an interceptor, as the `dispatcher` option promises", async () => {
    const paths: string[] = [];
    const traced = getGlobalDispatcher().compose((dispatch) => (options, handler) => {
      paths.push(options.path);
      return dispatch(
        { ...options, headers: { ...(options.headers as Record<string, string>), "x-trace-id": "t-1" } },
        handler,
      );
    });
    const result = await rerank({
      model: provider({ dispatcher: traced }).rerankModel("qwen3-rerank"),
      query: "apple",
      documents,
    });
    expect(result.results.map((item) => item.index).sort()).toEqual([0, 1, 2]);
    expect(paths).toEqual(["/api/v1/services/rerank/text-rerank/text-rerank"]);
    expect(context.server.calls[0]!.headers["x-trace-id"]).toBe("t-1");
    expect(context.server.calls[0]!.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it("turns an unreachable host into a RerankNetworkError that names the URL but not the key", async () => {
    const closed = createDashScope({
      apiKey,
      baseURL: "http://127.0.0.1:9/api/v1",
      dispatcher: getGlobalDispatcher(),
    }).rerankModel("qwen3-rerank");
    const error = await rerank({ model: closed, query: "apple", documents, maxRetries: 0 }).catch(
      (caught: unknown) => caught,
    );
    expect(RerankNetworkError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).toContain("127.0.0.1:9");
    expect(JSON.stringify(error)).not.toContain(apiKey);
  });
});
