import { createDashScope, rerank } from "@qwen-rerank/core";
import type { BenchServer } from "../server/start-bench-server.js";
import type { BenchClient } from "./bench-client.js";
import { benchModel } from "./bench-client.js";

/** `rerank()` from @qwen-rerank/core with its defaults (native route, dedupe on, retries on, no cache). */
export function rerankCore(server: BenchServer): BenchClient {
  const model = createDashScope({ apiKey: server.apiKey, baseURL: `${server.url}/api/v1` }).rerankModel(benchModel);
  return {
    id: "ours",
    role: "ours",
    label: "rerank() @qwen-rerank/core",
    async rank(query, documents) {
      return (await rerank({ model, query, documents })).results;
    },
  };
}
