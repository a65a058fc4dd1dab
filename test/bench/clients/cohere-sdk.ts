import { CohereClientV2 } from "cohere-ai";
import type { BenchServer } from "../server/start-bench-server.js";
import type { BenchClient } from "./bench-client.js";
import { benchModel } from "./bench-client.js";

/** cohere-ai's `CohereClientV2.rerank` against the server's Cohere v2 route (`environment` + `/v2/rerank`). */
export function cohereSdk(server: BenchServer): BenchClient {
  const client = new CohereClientV2({ token: server.apiKey, environment: server.url });
  return {
    id: "cohere",
    role: "peer",
    label: "cohere-ai CohereClientV2.rerank",
    async rank(query, documents) {
      return (await client.rerank({ model: benchModel, query, documents: [...documents] })).results;
    },
  };
}
