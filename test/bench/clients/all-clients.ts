import type { BenchServer } from "../server/start-bench-server.js";
import type { BenchClient } from "./bench-client.js";
import { cohereSdk } from "./cohere-sdk.js";
import { globalFetch } from "./global-fetch.js";
import { openaiSdk } from "./openai-sdk.js";
import { rerankCore } from "./rerank-core.js";
import { undiciDispatch } from "./undici-dispatch.js";
import { undiciFloor } from "./undici-floor.js";

/**
 * Floor first, ours second, then the peers, the control and the reference: the table keeps this order. The control
 * is a second, separate floor client; how far its ratio lands from 1.00× is how far any ratio of that run can move
 * by chance. The reference posts through undici's `dispatch`, as rerank() does, with nothing else around it.
 */
export const allClients = (server: BenchServer): BenchClient[] => [
  undiciFloor(server),
  rerankCore(server),
  globalFetch(server),
  openaiSdk(server),
  cohereSdk(server),
  { ...undiciFloor(server), id: "control", label: "floor again (A/A control)", role: "control" },
  undiciDispatch(server),
];
