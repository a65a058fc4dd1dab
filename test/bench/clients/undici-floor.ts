import { Agent, request } from "undici";
import type { BenchServer } from "../server/start-bench-server.js";
import type { BenchClient } from "./bench-client.js";
import { benchModel } from "./bench-client.js";

/**
 * The floor: a bare `undici.request` POST of the very body rerank() sends on the native route, parsed. It
 * serialises per call, as any real client must, and pools like rerank()'s own Agent. Nothing is validated.
 */
export function undiciFloor(server: BenchServer): BenchClient {
  const dispatcher = new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
  const url = `${server.url}/api/v1/services/rerank/text-rerank/text-rerank`;
  const headers = { authorization: `Bearer ${server.apiKey}`, "content-type": "application/json" };
  return {
    id: "floor",
    role: "floor",
    label: "floor: undici.request",
    async rank(query, documents) {
      const response = await request(url, {
        method: "POST",
        headers,
        body: JSON.stringify({ model: benchModel, input: { query, documents } }),
        dispatcher,
      });
      const json = JSON.parse(await response.body.text()) as { output: { results: unknown[] } };
      if (response.statusCode !== 200) throw new Error(`floor: HTTP ${response.statusCode}`);
      return json.output.results;
    },
    close: () => dispatcher.close(),
  };
}
