import type { BenchServer } from "../server/start-bench-server.js";
import type { BenchClient } from "./bench-client.js";
import { benchModel } from "./bench-client.js";

/**
 * A plain global-`fetch` client, written the way LlamaIndex.TS's JinaAIReranker is: Jina-shaped body
 * `{model, query, documents}`, `response.json()`, results as they come. Posted to the compatible route, which takes
 * that exact body, so its answer has the same shape as the openai row's.
 */
export function globalFetch(server: BenchServer): BenchClient {
  const url = `${server.url}/compatible-api/v1/reranks`;
  return {
    id: "fetch",
    role: "peer",
    label: "global fetch (JinaAIReranker-style)",
    async rank(query, documents) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${server.apiKey}` },
        body: JSON.stringify({ model: benchModel, query, documents }),
      });
      const json = (await response.json()) as { results: unknown[] };
      if (!response.ok) throw new Error(`fetch: HTTP ${response.status}`);
      return json.results;
    },
  };
}
