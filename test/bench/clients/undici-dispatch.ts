import { Agent, type Dispatcher } from "undici";
import type { BenchServer } from "../server/start-bench-server.js";
import type { BenchClient } from "./bench-client.js";
import { benchModel } from "./bench-client.js";

/**
 * A reference below the floor: the same POST through undici's `dispatch`, the layer under `request()`, which rerank()
 * also uses. `request()` parses the URL on every call and hands the body over as a Node stream; this row shows what
 * that costs, so the table says how much of ours is our own work and how much is saved on undici's.
 */
export function undiciDispatch(server: BenchServer): BenchClient {
  const dispatcher = new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
  const { origin } = new URL(server.url);
  const path = "/api/v1/services/rerank/text-rerank/text-rerank";
  const headers = { authorization: `Bearer ${server.apiKey}`, "content-type": "application/json" };
  return {
    id: "dispatch",
    role: "reference",
    label: "reference: undici dispatch",
    async rank(query, documents) {
      const body = JSON.stringify({ model: benchModel, input: { query, documents } });
      const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const chunks: Buffer[] = [];
        let statusCode = 0;
        const handler: Dispatcher.DispatchHandler = {
          // undici 7 tells the handler API apart by this method: without it, the on-response hooks are never called.
          onRequestStart: () => {},
          onResponseStart: (_controller, code) => {
            statusCode = code;
          },
          onResponseData: (_controller, chunk) => {
            chunks.push(chunk);
          },
          onResponseEnd: () => resolve({ status: statusCode, text: Buffer.concat(chunks).toString("utf8") }),
          onResponseError: (_controller, error) => reject(error),
        };
        dispatcher.dispatch({ origin, path, method: "POST", headers, body }, handler);
      });
      const json = JSON.parse(text) as { output: { results: unknown[] } };
      if (status !== 200) throw new Error(`dispatch: HTTP ${status}`);
      return json.output.results;
    },
    close: () => dispatcher.close(),
  };
}
