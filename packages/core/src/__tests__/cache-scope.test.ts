import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { describe, expect, it } from "vitest";
import { createDashScope, createRerankCache, createVLLM, RerankAPIError, rerank } from "../index.js";

const apiKey = "sk-cache-0123456789abcdef";

describe("the cache answers only for the endpoint and key that were asked", () => {
  const first = useRerankServer({ apiKey: [apiKey, "sk-other-0123456789abcdef"] });
  const second = useRerankServer({ apiKey: null });
  const call = (model: Parameters<typeof rerank>[0]["model"], cache = shared) =>
    rerank({ model, query: "apple", documents: ["apple pie", "pear"], cache, maxRetries: 0 });
  const shared = createRerankCache();

  it("does not share answers across base URLs, workspaces, keys or vLLM servers with the same model name", async () => {
    const dashscope = (settings: { baseURL: string; apiKey?: string; workspace?: string }) =>
      createDashScope({ apiKey, ...settings }).rerankModel("qwen3-rerank");
    await call(dashscope({ baseURL: first.baseURL }));
    expect((await call(dashscope({ baseURL: first.baseURL }))).cached).toBe(true);
    expect((await call(dashscope({ baseURL: first.baseURL, workspace: "ws-2" }))).cached).toBe(false);
    expect((await call(dashscope({ baseURL: first.baseURL, apiKey: "sk-other-0123456789abcdef" }))).cached).toBe(false);
    expect((await call(dashscope({ baseURL: second.baseURL }))).cached).toBe(false);
    const vllm = (url: string) => createVLLM({ baseURL: url, apiKey }).rerankModel("qwen3-rerank");
    expect((await call(vllm(first.url))).cached).toBe(false);
    expect((await call(vllm(second.url))).cached).toBe(false);
    expect((await call(vllm(second.url))).cached).toBe(true);
  });

  it("gives a wrong key its 401, not another key's cached ranking", async () => {
    const cache = createRerankCache();
    await call(createDashScope({ apiKey, baseURL: first.baseURL }).rerankModel("qwen3-rerank"), cache);
    const wrong = createDashScope({ apiKey: "sk-wrong-0123456789abcdef", baseURL: first.baseURL }).rerankModel(
      "qwen3-rerank",
    );
    const error = await call(wrong, cache).catch((caught: unknown) => caught);
    expect(RerankAPIError.isInstance(error) && error.status).toBe(401);
  });

  it("never puts the key in the cache key", async () => {
    const keys: string[] = [];
    const recording = { get: (key: string) => void keys.push(key), set: (key: string) => void keys.push(key) };
    await rerank({
      model: createDashScope({ apiKey, baseURL: first.baseURL }).rerankModel("qwen3-rerank"),
      query: "apple",
      documents: ["apple"],
      cache: recording,
    });
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{64}$/);
  });
});
