export type { TestResponse } from "./post-json.js";
export { type RerankServerContext, useRerankServer } from "./use-rerank-server.js";
