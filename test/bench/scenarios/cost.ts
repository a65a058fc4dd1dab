import { createDashScope, createRerankCache, rerank } from "@qwen-rerank/core";
import type { BenchConfig } from "../bench-config.js";
import { benchQuery, textDocuments } from "../lib/payloads.js";
import type { ScenarioResult } from "../lib/scenario-result.js";
import type { BenchServer } from "../server/start-bench-server.js";

/**
 * Scenario 4: the same call twice with a result cache (the second must cost 0 tokens and no request), on documents
 * with duplicates (each distinct one must be sent once, and every copy scored).
 */
export async function cost(server: BenchServer, config: BenchConfig["cost"]): Promise<ScenarioResult> {
  const model = createDashScope({ apiKey: server.apiKey, baseURL: `${server.url}/api/v1` }).rerankModel("qwen3-rerank");
  const distinct = textDocuments(config.unique, 4);
  const documents = Array.from({ length: config.given }, (_, index) => distinct[index % distinct.length]!);
  const cache = createRerankCache();
  const call = async () => {
    await server.reset();
    const start = performance.now();
    const result = await rerank({ model, query: benchQuery, documents, cache });
    const wallMs = performance.now() - start;
    return { result, wallMs, served: await server.stats() };
  };
  const first = await call();
  const second = await call();

  const scores = new Map<string, number>();
  let everyCopyScored = first.result.results.length === documents.length;
  for (const { index, score } of first.result.results) {
    const seen = scores.get(documents[index]!);
    if (seen !== undefined && seen !== score) everyCopyScored = false;
    scores.set(documents[index]!, score);
  }
  const pass =
    second.result.usage.totalTokens === 0 &&
    second.result.requestCount === 0 &&
    second.served.requests === 0 &&
    first.served.documents < documents.length &&
    everyCopyScored;
  return {
    id: "cost",
    title: `4. cost: cache + dedupe, ${config.given} docs (${config.unique} distinct)`,
    goal: "2nd call 0 tokens / 0 requests; duplicates sent once",
    pass,
    rows: [
      {
        label: "1st call tokens",
        median: first.result.usage.totalTokens,
        unit: "count",
        note: `${first.served.requests} request(s), ${first.wallMs.toFixed(2)} ms`,
      },
      {
        label: "2nd call tokens (cache)",
        median: second.result.usage.totalTokens,
        unit: "count",
        note: `${second.served.requests} request(s) reached the server, ${second.wallMs.toFixed(2)} ms`,
      },
      {
        label: "docs sent / given (dedupe)",
        median: first.served.documents,
        unit: "count",
        note: `of ${documents.length} given; ${first.result.results.length} results, every copy scored: ${everyCopyScored}`,
      },
    ],
    metrics: {
      firstTokens: first.result.usage.totalTokens,
      firstRequests: first.served.requests,
      secondTokens: second.result.usage.totalTokens,
      secondRequests: second.served.requests,
      secondRequestCount: second.result.requestCount,
      secondCached: second.result.cached,
      secondWallMs: second.wallMs,
      documentsGiven: documents.length,
      documentsSent: first.served.documents,
      results: first.result.results.length,
      everyCopyScored,
    },
  };
}
