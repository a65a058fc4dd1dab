import type { BenchServer } from "../server/start-bench-server.js";
import type { BenchClient } from "./bench-client.js";
import { cohereSdk } from "./cohere-sdk.js";
import { globalFetch } from "./global-fetch.js";
import { openaiSdk } from "./openai-sdk.js";
import { rerankCore } from "./rerank-core.js";
import { undiciFloor } from "./undici-floor.js";

/** Floor first, ours second, then the peers: the table keeps this order. */
export const allClients = (server: BenchServer): BenchClient[] => [
  undiciFloor(server),
  rerankCore(server),
  globalFetch(server),
  openaiSdk(server),
  cohereSdk(server),
];
