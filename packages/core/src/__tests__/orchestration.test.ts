import { describe, expect, it } from "vitest";
import {
  createRerankCache,
  InvalidArgumentError,
  RerankAPIError,
  type RerankModel,
  RerankRetryError,
  rerank,
} from "../index.js";
import { instantRetry, MockRerankModel } from "../test/index.js";

// What rerank() does around the model, without a socket: the mock answers with its scorer, best first.
const byLength = (_query: unknown, document: { text?: string }) => (document.text?.length ?? 0) / 100;

describe("rerank() around a model", () => {
  it("merges batches by score, maps every index back and applies topN once", async () => {
    const model = new MockRerankModel({ score: byLength, limits: { maxTotalDocumentsPerCall: 3 } });
    const documents = ["aaaa", "a", "aaaaaa", "aa", "aaaaa", "aaa", "aaaaaaa"];
    const { results, requestCount } = await rerank({ model, query: "q", documents, topN: 4 });
    expect(requestCount).toBe(3);
    expect(model.calls.map((call) => call.documents.length)).toEqual([3, 2, 2]);
    expect(model.calls.map((call) => call.topN)).toEqual([3, 2, 2]);
    expect(results.map((result) => result.index)).toEqual([6, 2, 4, 0]);
    expect(results.map((result) => result.document)).toEqual(["aaaaaaa", "aaaaaa", "aaaaa", "aaaa"]);
  });

  it("runs at most maxParallelCalls requests at once", async () => {
    let inFlight = 0;
    let peak = 0;
    const mock = new MockRerankModel({ limits: { maxTotalDocumentsPerCall: 1 } });
    const model: RerankModel = {
      ...mock,
      specificationVersion: "v1",
      limits: mock.limits,
      doRerank: async (options) => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return mock.doRerank(options);
      },
    };
    await rerank({ model, query: "q", documents: ["a", "b", "c", "d", "e", "f"], maxParallelCalls: 2 });
    expect(mock.calls).toHaveLength(6);
    expect(peak).toBe(2);
  });

  it("sends duplicates once, scores every copy and ranks documents with nothing to score last", async () => {
    const model = new MockRerankModel({ score: byLength });
    const documents = ["apple pie", "", "pear", "apple pie", { text: "apple pie" }, "  "];
    const { results, warnings } = await rerank({ model, query: "q", documents, emptyDocuments: "rankLast" });
    expect(model.calls[0]!.documents).toEqual([{ text: "apple pie" }, { text: "pear" }]);
    expect(results.map(({ index, score }) => [index, score])).toEqual([
      [0, 0.09],
      [3, 0.09],
      [4, 0.09],
      [2, 0.04],
      [1, 0],
      [5, 0],
    ]);
    expect(warnings.map((warning) => warning.details)).toContain(
      "2 document(s) had nothing to score; they rank last with score 0.",
    );
  });

  it("answers an identical call from the cache, and a different one from the model", async () => {
    const model = new MockRerankModel();
    const options = { model, query: "apple", documents: ["apple", "pear", "fig apple"], cache: createRerankCache() };
    const first = await rerank(options);
    const second = await rerank(options);
    expect(model.calls).toHaveLength(1);
    expect(second).toMatchObject({ cached: true, requestCount: 0, usage: { totalTokens: 0 }, requestIds: [] });
    expect(second.results).toEqual(first.results);
    await rerank({ ...options, topN: 1 });
    expect(model.calls).toHaveLength(2);
  });

  it("stops the other batches when one fails for good", async () => {
    const model = new MockRerankModel({ limits: { maxTotalDocumentsPerCall: 1 } });
    const refused = new RerankAPIError({ provider: "Mock", status: 400, url: "mock://" });
    model.failNext(refused);
    const error = await rerank({ model, query: "q", documents: ["a", "b", "c"], maxParallelCalls: 1 }).catch(
      (caught) => caught,
    );
    expect(error).toBe(refused);
    expect(model.calls).toHaveLength(1);
  });

  it("retries a retryable failure and wraps several failures in a RerankRetryError", async () => {
    const unavailable = () => new RerankAPIError({ provider: "Mock", status: 503, url: "mock://" });
    const model = new MockRerankModel().failNext(unavailable());
    await expect(rerank({ model, query: "q", documents: ["a"], retry: instantRetry })).resolves.toMatchObject({
      requestCount: 1,
    });
    model.failNext(unavailable(), unavailable(), unavailable());
    const error = await rerank({ model, query: "q", documents: ["a"], retry: instantRetry }).catch((caught) => caught);
    expect(RerankRetryError.isInstance(error) && error.reason).toBe("maxRetriesExceeded");
    expect(model.calls).toHaveLength(5);
  });

  it("refuses a model of another specification version before any call", async () => {
    const model = new MockRerankModel();
    const future = {
      ...model,
      specificationVersion: "v2",
      doRerank: model.doRerank.bind(model),
    } as unknown as RerankModel;
    const error = await rerank({ model: future, query: "q", documents: ["a"] }).catch((caught) => caught);
    expect(InvalidArgumentError.isInstance(error) && error.argument).toBe("model");
    expect(model.calls).toHaveLength(0);
  });

  it("leaves unusable media out with a warning under invalidMedia: skip, and refuses it by default", async () => {
    const model = new MockRerankModel({
      limits: { supports: { image: true, video: true, imageQuery: true, mixedDocuments: false } },
    });
    const documents = [{ text: "a caption", image: "N/A" }, { image: "also/not/readable.png" }, "plain"];
    const skipped = await rerank({ model, query: "q", documents, invalidMedia: "skip", emptyDocuments: "rankLast" });
    expect(model.calls[0]!.documents).toEqual([{ text: "a caption" }, { text: "plain" }]);
    expect(skipped.results.map((result) => result.index).sort()).toEqual([0, 1, 2]);
    expect(skipped.warnings.find((warning) => warning.feature === "media")?.details).toMatch(
      /^2 document\(s\) sent without media that could not be used: Invalid argument documents\[0\]\.image/,
    );
    const error = await rerank({ model, query: "q", documents }).catch((caught) => caught);
    expect(InvalidArgumentError.isInstance(error) && error.argument).toBe("documents[0].image");
  });
});
