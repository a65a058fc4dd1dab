import { cohereDialect } from "./cohere-dialect.js";
import { compatibleDialect } from "./compatible-dialect.js";
import type { Dialect } from "./dialect.js";
import { nativeDialect } from "./native-dialect.js";
import { vllmDialect } from "./vllm-dialect.js";

/** The paths the server answers, by dialect. */
export const routePaths = {
  native: "/api/v1/services/rerank/text-rerank/text-rerank", // docs/dashscope-api.md §1.1
  compatible: "/compatible-api/v1/reranks", // docs/dashscope-api.md §1.2: plural; the singular `/rerank` is a 404 [T]
  vllm: "/v1/rerank", // docs/dashscope-api.md §7.2, also served without the /v1 prefix
  cohere: "/v2/rerank", // docs/dashscope-api.md §8.2
} as const;

const routes: ReadonlyMap<string, Dialect> = new Map([
  [routePaths.native, nativeDialect],
  [routePaths.compatible, compatibleDialect],
  [routePaths.vllm, vllmDialect],
  ["/rerank", vllmDialect],
  [routePaths.cohere, cohereDialect],
]);

/** The dialect served at `path` (no query string), or undefined for a 404. */
export function routeDialect(path: string): Dialect | undefined {
  return routes.get(path);
}
