import { instantRetry } from "@qwen-rerank/core/test";
import { expectedRanking, faults } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
// `ai` 7 declares Node 22; it is installed under an alias only to check that the v3 model suits it, in types (tsc
// checks these calls against its own declarations) and at run time (it loads and runs on Node 20 too).
import { APICallError, createProviderRegistry, rerank } from "ai-v7";
import { describe, expect, it } from "vitest";
import { createQwenRerank } from "./index.js";

const apiKey = "sk-aisdk-v7-1122334455";
const query = "red running shoes";
const documents = ["blue hat", "red running shoes", "trail running"];

const server = useRerankServer({ apiKey });
const provider = () => createQwenRerank({ apiKey, baseURL: server.baseURL });

describe("the model under ai 7's rerank(), which calls v3 models through a Proxy", () => {
  it("ranks documents", async () => {
    const result = await rerank({ model: provider().reranking("qwen3-vl-rerank"), query, documents, topN: 2 });

    expect(result.ranking.map(({ originalIndex, score }) => ({ index: originalIndex, score }))).toEqual(
      expectedRanking(query, documents, { topN: 2 }),
    );
    expect(result.providerMetadata?.qwen?.requestIds).toEqual([server.server.calls[0]!.requestId]);
  });

  it("works as a v3 provider in ai 7's registry", async () => {
    const registry = createProviderRegistry({ qwen: provider() });
    const result = await rerank({ model: registry.rerankingModel("qwen:qwen3-rerank"), query, documents });

    expect(result.ranking[0]!.originalIndex).toBe(1);
  });

  it("fails once with a non-retryable APICallError after the core's retries", async () => {
    server.server.enqueue(faults.serverError(), faults.serverError());
    const model = provider().reranking("qwen3-vl-rerank", { retry: instantRetry, maxRetries: 1 });
    const error = await rerank({ model, query, documents }).catch((caught: unknown) => caught);

    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as APICallError).isRetryable).toBe(false);
    expect(server.server.calls).toHaveLength(2);
  });
});
