import { inspect } from "node:util";
import { CallbackManager } from "@llamaindex/core/global";
import { type MetadataMode, type NodeWithScore, TextNode } from "@llamaindex/core/schema";
import { createDashScope, InvalidArgumentError, RerankAPIError } from "@qwen-rerank/core";
import { expectedRanking } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { describe, expect, it, vi } from "vitest";
import {
  QwenRerank,
  type QwenRerankOptions,
  type RerankEndEvent,
  type RerankEventDispatcher,
  type RerankStartEvent,
} from "./index.js";

const rerank = useRerankServer();
/** Lets LlamaIndex's CallbackManager, which dispatches on a microtask, deliver its events. No timers involved. */
const flushMicrotasks = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const query = "cat food allergy";
const texts = [
  "The weather forecast for the weekend.",
  "Choosing cat food for a picky eater.",
  "Cat food allergy symptoms include itching.",
  "The cat sat on the mat.",
  "Dogs can have a food allergy too.",
];
const makeNodes = (): NodeWithScore[] =>
  texts.map((text, index) => ({
    node: new TextNode({ id_: `node-${index}`, text, metadata: { source: `doc-${index}.txt` } }),
    score: 0.9 - index / 10,
  }));

const reranker = (options: QwenRerankOptions = {}) =>
  new QwenRerank({ apiKey: "test-key", baseURL: rerank.baseURL, maxRetries: 0, ...options });
const documentsSent = () => (rerank.server.calls.at(-1)!.body as { input: { documents: unknown[] } }).input.documents;

describe("QwenRerank.postprocessNodes", () => {
  it("returns new NodeWithScore objects in the server's order, cut to topN, with the rerank score", async () => {
    const nodes = makeNodes();
    const result = await reranker({ topN: 3 }).postprocessNodes(nodes, query);

    const expected = expectedRanking(query, texts, { topN: 3 });
    expect(new Set(expected.map((item) => item.score)).size).toBe(3); // distinct scores keep the order unambiguous
    expect(result.map(({ node }) => node.id_)).toEqual(expected.map(({ index }) => `node-${index}`));
    expect(result.map(({ score }) => score)).toEqual(expected.map(({ score }) => score));
    for (const item of result) {
      expect(nodes).not.toContain(item);
      expect(nodes.map(({ node }) => node)).toContain(item.node);
    }
    expect(rerank.server.calls).toHaveLength(1);
    expect(rerank.server.calls[0]!.body).toMatchObject({
      model: "qwen3-vl-rerank",
      input: { query, documents: texts.map((text) => ({ text })) },
      parameters: { top_n: 3 },
    });
  });

  it("leaves the input nodes, their scores and metadata unchanged", async () => {
    const nodes = makeNodes();
    const before = nodes.map(({ node, score }) => ({
      score,
      metadata: structuredClone(node.metadata),
      json: JSON.stringify(node),
    }));
    await reranker({ keepRetrievalScore: true, topN: 5 }).postprocessNodes(nodes, query);
    expect(nodes.map(({ node, score }) => ({ score, metadata: node.metadata, json: JSON.stringify(node) }))).toEqual(
      before,
    );
  });

  it("returns [] for no nodes without calling the API, and refuses a missing or empty query", async () => {
    const instance = reranker();
    await expect(instance.postprocessNodes([], query)).resolves.toEqual([]);
    await expect(instance.postprocessNodes(makeNodes())).rejects.toSatisfy(InvalidArgumentError.isInstance);
    await expect(instance.postprocessNodes(makeNodes(), "  ")).rejects.toThrow(/query is empty/);
    await expect(instance.postprocessNodes(makeNodes(), [{ type: "text", text: "" }])).rejects.toSatisfy(
      InvalidArgumentError.isInstance,
    );
    expect(rerank.server.calls).toHaveLength(0);
  });

  it("filters by scoreThreshold but never drops a node just because it scored 0", async () => {
    const nodes = makeNodes();
    const all = expectedRanking(query, texts, { topN: 5 });
    expect(all.at(-1)!.score).toBe(0); // the weather node shares no word with the query

    const unfiltered = await reranker({ topN: 5 }).postprocessNodes(nodes, query);
    expect(unfiltered.map(({ score }) => score)).toEqual(all.map(({ score }) => score));

    const threshold = all[1]!.score;
    const filtered = await reranker({ topN: 5, scoreThreshold: threshold }).postprocessNodes(nodes, query);
    expect(filtered.map(({ node }) => node.id_)).toEqual(
      all.filter(({ score }) => score >= threshold).map(({ index }) => `node-${index}`),
    );
  });

  it("keepRetrievalScore puts the old score in a copy's metadata as retrieval_score", async () => {
    const nodes = makeNodes();
    const result = await reranker({ keepRetrievalScore: true, topN: 2 }).postprocessNodes(nodes, query);
    for (const { node, score } of result) {
      const original = nodes.find((item) => item.node.id_ === node.id_)!;
      expect(node).not.toBe(original.node);
      expect(node.type).toBe("TEXT");
      expect(node.metadata).toEqual({ ...original.node.metadata, retrieval_score: original.score });
      expect(original.node.metadata).not.toHaveProperty("retrieval_score");
      expect(score).not.toBe(original.score);
      // Bookkeeping stays out of what the LLM reads.
      expect(node.getContent("LLM" as MetadataMode)).not.toContain("retrieval_score");
    }
  });

  it('metadataMode "ALL" sends "key: value\\n\\ntext"; "NONE" (the default) sends the text alone', async () => {
    const nodes = makeNodes().slice(0, 2);
    await reranker().postprocessNodes(nodes, query);
    expect(documentsSent()).toEqual([{ text: texts[0] }, { text: texts[1] }]);
    await reranker({ metadataMode: "ALL" }).postprocessNodes(nodes, query);
    expect(documentsSent()).toEqual([
      { text: `source: doc-0.txt\n\n${texts[0]}` },
      { text: `source: doc-1.txt\n\n${texts[1]}` },
    ]);
  });

  it("ranks a node with no text and no image last with score 0 instead of failing the query", async () => {
    const nodes = [{ node: new TextNode({ id_: "blank", text: "  " }), score: 1 }, ...makeNodes().slice(1, 3)];
    const onRerankEnd = vi.fn<(event: RerankEndEvent) => void>();
    const result = await reranker({ topN: 5, onRerankEnd }).postprocessNodes(nodes, query);
    expect(result.map(({ node }) => node.id_)).toEqual(["node-2", "node-1", "blank"]);
    expect(result.at(-1)!.score).toBe(0);
    expect(documentsSent()).toHaveLength(2);
    expect(onRerankEnd.mock.calls[0]![0].warnings).toContainEqual(
      expect.objectContaining({ details: expect.stringMatching(/nothing to score/) }),
    );
  });

  it("passes core call settings through (a retry after a 500 with an instant sleep)", async () => {
    rerank.server.enqueue({ type: "status", status: 500 });
    const onRetry = vi.fn();
    const result = await reranker({
      maxRetries: 1,
      retry: { sleep: async () => {}, onRetry },
      headers: { "x-trace": "t-1" },
    }).postprocessNodes(makeNodes(), query);
    expect(result).toHaveLength(3);
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(rerank.server.calls).toHaveLength(2);
    expect(rerank.server.calls[1]!.headers["x-trace"]).toBe("t-1");
  });

  it("accepts a core RerankModel instead of an id", async () => {
    const model = createDashScope({ apiKey: "test-key", baseURL: rerank.baseURL }).rerankModel("qwen3-rerank");
    const result = await new QwenRerank({ model, topN: 1 }).postprocessNodes(makeNodes(), query);
    expect(result[0]!.node.id_).toBe(`node-${expectedRanking(query, texts, { topN: 1 })[0]!.index}`);
    expect(rerank.server.calls[0]!.body).toMatchObject({ model: "qwen3-rerank", input: { documents: texts } });
  });
});

describe("errors", () => {
  it("a 500 with maxRetries 0 surfaces as the core's RerankAPIError with its status", async () => {
    rerank.server.enqueue({ type: "status", status: 500 });
    const error = await reranker()
      .postprocessNodes(makeNodes(), query)
      .catch((caught: unknown) => caught);
    expect(RerankAPIError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 500, apiCode: "InternalError", code: "RERANK_ERR_API" });
  });

  it("a wrong API key surfaces as a 401 RerankAPIError", async () => {
    const error = await reranker({ apiKey: "wrong-key", maxRetries: 2 })
      .postprocessNodes(makeNodes(), query)
      .catch((caught: unknown) => caught);
    expect(error).toSatisfy(RerankAPIError.isInstance);
    expect(error).toMatchObject({ status: 401, apiCode: "InvalidApiKey" });
    expect(rerank.server.calls).toHaveLength(1); // 401 is not retried
  });

  it('onError "passthrough" returns the input order with the original scores, cut to topN, and reports the error', async () => {
    rerank.server.enqueue({ type: "status", status: 503 });
    const nodes = makeNodes();
    const onRerankError = vi.fn();
    const result = await reranker({ onError: "passthrough", onRerankError, topN: 2 }).postprocessNodes(nodes, query);
    expect(result).toEqual(nodes.slice(0, 2).map(({ node, score }) => ({ node, score })));
    expect(result[0]).not.toBe(nodes[0]);
    expect(onRerankError).toHaveBeenCalledWith(
      expect.objectContaining({
        outcome: "passthrough",
        nodeCount: 5,
        error: expect.objectContaining({ status: 503 }),
      }),
    );
  });

  it('onError "passthrough" still throws for invalid input', async () => {
    const instance = reranker({ onError: "passthrough" });
    await expect(instance.postprocessNodes(makeNodes(), undefined)).rejects.toSatisfy(InvalidArgumentError.isInstance);
    const image = [
      { node: new TextNode({ text: "x" }), score: 1 },
      { node: new TextNode({ text: "y", metadata: { image_url: "data:image/gif;base64,R0lGOD" } }), score: 1 },
    ];
    await expect(
      reranker({ onError: "passthrough", invalidMedia: "error" }).postprocessNodes(image, "x"),
    ).rejects.toSatisfy(InvalidArgumentError.isInstance);
  });
});

describe("events", () => {
  it("calls onRerankStart / onRerankEnd and dispatches rerank-start / rerank-end on the callbackManager", async () => {
    const callbackManager = new CallbackManager();
    const seen: Array<[string, unknown]> = [];
    callbackManager.on("rerank-start", (event) => seen.push(["rerank-start", event.detail]));
    callbackManager.on("rerank-end", (event) => seen.push(["rerank-end", event.detail]));
    const onRerankStart = vi.fn<(event: RerankStartEvent) => void>();
    const onRerankEnd = vi.fn<(event: RerankEndEvent) => void>();
    // A real CallbackManager must fit the structural type, so no cast is needed anywhere.
    const dispatcher: RerankEventDispatcher = callbackManager;

    const nodes = makeNodes();
    const result = await reranker({
      topN: 2,
      onRerankStart,
      onRerankEnd,
      callbackManager: dispatcher,
    }).postprocessNodes(nodes, query);
    await flushMicrotasks();

    expect(onRerankStart).toHaveBeenCalledWith({ query, nodes, nodeCount: 5, topN: 2, model: "qwen3-vl-rerank" });
    const end = onRerankEnd.mock.calls[0]![0];
    expect(end).toMatchObject({
      query,
      nodes: result,
      nodeCount: 5,
      model: "qwen3-vl-rerank",
      cached: false,
      requestIds: [rerank.server.calls[0]!.requestId],
    });
    expect(end.usage.totalTokens).toBeGreaterThan(0);
    expect(seen.map(([name]) => name)).toEqual(["rerank-start", "rerank-end"]);
    expect(seen[0]![1]).toMatchObject({ nodeCount: 5, topN: 2, model: "qwen3-vl-rerank" });
    expect(seen[1]![1]).toMatchObject({ nodeCount: 5, nodes: result, usage: end.usage });
  });

  it("dispatches rerank-error when the call fails", async () => {
    rerank.server.enqueue({ type: "status", status: 500 });
    const callbackManager = new CallbackManager();
    const errors: unknown[] = [];
    callbackManager.on("rerank-error", (event) => errors.push(event.detail.error));
    await expect(reranker({ callbackManager }).postprocessNodes(makeNodes(), query)).rejects.toSatisfy(
      RerankAPIError.isInstance,
    );
    await flushMicrotasks();
    expect(errors).toEqual([expect.objectContaining({ status: 500 })]);
  });
});

describe("constructor", () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ["an unknown option", { topK: 3 }, /unknown option topK/],
    ["a bad retry setting", { retry: { delayMs: 1 } }, /retry: has unknown option delayMs/],
    ["a non-integer topN", { topN: 1.5 }, /topN: must be a whole number/],
    ["a zero topN", { topN: 0 }, /topN/],
    ["a bad metadataMode", { metadataMode: "SOME" }, /metadataMode: must be one of "NONE"/],
    ["a bad onError", { onError: "ignore" }, /onError/],
    ["a bad core setting", { timeoutMs: -1 }, /timeoutMs/],
    [
      "provider settings with a RerankModel",
      { model: createDashScope().rerankModel("qwen3-vl-rerank"), apiKey: "k" },
      /is not used with a ready-made RerankModel/,
    ],
    ["a callbackManager without dispatchEvent", { callbackManager: {} }, /dispatchEvent/],
  ])("refuses %s with InvalidArgumentError", (_, options, message) => {
    let caught: unknown;
    try {
      new QwenRerank(options as QwenRerankOptions);
    } catch (error) {
      caught = error;
    }
    expect(caught).toSatisfy(InvalidArgumentError.isInstance);
    expect(String(caught)).toMatch(message);
  });

  it("has the documented defaults", () => {
    const instance = new QwenRerank();
    expect(instance).toMatchObject({
      topN: 3,
      scoreThreshold: undefined,
      metadataMode: "NONE",
      keepRetrievalScore: false,
      onError: "throw",
    });
    expect(instance.model).toBe("qwen3-vl-rerank");
    expect(instance.imageMetadataKeys).toEqual(["image", "image_url", "imageUrl", "file_path"]);
  });

  it("never keeps the API key where JSON.stringify or util.inspect can see it", () => {
    const secret = "sk-do-not-leak-4f2a9c";
    const instance = new QwenRerank({ apiKey: secret, baseURL: "http://127.0.0.1:1/api/v1", headers: { "x-a": "b" } });
    expect(JSON.stringify(instance)).not.toContain(secret);
    expect(inspect(instance, { depth: 20, showHidden: true, getters: true })).not.toContain(secret);
  });
});
