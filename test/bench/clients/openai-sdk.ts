import OpenAI from "openai";
import type { BenchServer } from "../server/start-bench-server.js";
import type { BenchClient } from "./bench-client.js";
import { benchModel } from "./bench-client.js";

/** The `openai` SDK's generic `post()` against DashScope's OpenAI-compatible `/compatible-api/v1/reranks`. */
export function openaiSdk(server: BenchServer): BenchClient {
  const client = new OpenAI({ apiKey: server.apiKey, baseURL: `${server.url}/compatible-api/v1` });
  return {
    id: "openai",
    role: "peer",
    label: "openai SDK client.post",
    async rank(query, documents) {
      const json = await client.post<{ results: unknown[] }>("/reranks", {
        body: { model: benchModel, query, documents },
      });
      return json.results;
    },
  };
}
