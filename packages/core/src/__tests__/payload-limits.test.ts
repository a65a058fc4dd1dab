import { describe, expect, it } from "vitest";
import {
  createDashScope,
  InvalidArgumentError,
  RerankAPIError,
  type RerankModel,
  type RerankModelCallOptions,
  rerank,
} from "../index.js";
import { instantRetry, MockRerankModel } from "../test/index.js";

const dataUri = (bytes: number) => `data:image/png;base64,${"A".repeat(Math.ceil((bytes * 4) / 3))}`;
const mib = 1024 * 1024;

/** A model whose gateway refuses any body over `refuseOver` documents with a 413, as a stricter gateway would. */
function strictGateway(refuseOver: number, limits: Partial<RerankModel["limits"]> = {}) {
  const mock = new MockRerankModel({ limits });
  const sizes: number[] = [];
  const model: RerankModel = {
    specificationVersion: "v1",
    provider: mock.provider,
    modelId: mock.modelId,
    limits: mock.limits,
    doRerank: (options: RerankModelCallOptions) => {
      sizes.push(options.documents.length);
      if (options.documents.length > refuseOver) {
        return Promise.reject(
          new RerankAPIError({ provider: "Mock", status: 413, apiCode: "BadRequest.TooLarge", url: "mock://" }),
        );
      }
      return mock.doRerank(options);
    },
  };
  return { model, sizes };
}

describe("requests that fit the gateway", () => {
  it("plans batches by bytes, counting Base64 at its decoded size", async () => {
    const model = new MockRerankModel({ limits: { maxRequestBytes: 10 * mib } });
    const documents = Array.from({ length: 12 }, () => ({ image: dataUri(3 * mib) }));
    const { results, requestCount } = await rerank({ model, query: "q", documents, dedupe: false });
    // 3 MiB each, 10 MiB a request: at most 3 a request, so 4 requests; every document comes back once.
    expect(requestCount).toBe(4);
    expect(model.calls.map((call) => call.documents.length)).toEqual([3, 3, 3, 3]);
    expect(results.map((result) => result.index).sort((a, b) => a - b)).toEqual(documents.map((_, index) => index));
  });

  it("refuses a document that alone is larger than a request may be, before any request", async () => {
    const model = new MockRerankModel({ limits: { maxRequestBytes: 4 * mib } });
    const documents = ["a text", { image: dataUri(5 * mib) }];
    const error = await rerank({ model, query: "q", documents }).catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error) && error.argument).toBe("documents[1]");
    expect((error as Error).message).toMatch(/more than one request may carry \(4\.0 MiB\)/);
    expect(model.calls).toHaveLength(0);
  });

  it("splits a batch the gateway refuses with a 413 into halves, never resending the same body", async () => {
    const { model, sizes } = strictGateway(3);
    const documents = Array.from({ length: 10 }, (_, index) => `document ${index} ${"x".repeat(index)}`);
    const { results, requestCount, warnings } = await rerank({ model, query: "q", documents, retry: instantRetry });
    // 10 → 413 → 5 → 413 → 3 + 2; 5 → 413 → 3 + 2: every refused body is smaller than the one before.
    expect(sizes).toEqual([10, 5, 3, 2, 5, 3, 2]);
    expect(requestCount).toBe(4);
    expect(results.map((result) => result.index).sort((a, b) => a - b)).toEqual(documents.map((_, index) => index));
    expect(results.map((result) => result.score)).toEqual(
      [...results.map((result) => result.score)].sort((a, b) => b - a),
    );
    expect(warnings.filter((warning) => warning.feature === "batches")).toHaveLength(3);
  });

  it("keeps topN right across the halves of a split batch", async () => {
    const { model } = strictGateway(2);
    const documents = ["aaaa", "a", "aaa", "aa"];
    const score = (text: string) => text.length;
    const byLength = new MockRerankModel({ score: (_query, document) => score(document.text ?? "") });
    const scored: RerankModel = {
      ...model,
      doRerank: (options) => (options.documents.length > 2 ? model.doRerank(options) : byLength.doRerank(options)),
    };
    const { results } = await rerank({ model: scored, query: "q", documents, topN: 2, retry: instantRetry });
    expect(results.map((result) => result.document)).toEqual(["aaaa", "aaa"]);
  });

  it("surfaces a 413 for a single document as the API error it is", async () => {
    const { model, sizes } = strictGateway(0);
    const error = await rerank({ model, query: "q", documents: ["one"], retry: instantRetry }).catch(
      (caught) => caught,
    );
    expect(RerankAPIError.isInstance(error) && error.status).toBe(413);
    expect(sizes).toEqual([1]);
  });

  it("gives DashScope models the gateway's limit", () => {
    const limits = createDashScope({ apiKey: "k" }).rerankModel("qwen3-vl-rerank").limits;
    expect(limits.maxRequestBytes).toBe(15 * mib);
  });
});
