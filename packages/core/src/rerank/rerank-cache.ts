import { createHash } from "node:crypto";
import type { RerankModel } from "../spec/rerank-model.js";
import type { RerankPlan } from "./prepare.js";
import { type CachedRanking, createRerankCache, type RerankCacheStore } from "./rerank-cache-store.js";
import type { RerankOptions } from "./rerank-options.js";

let shared: RerankCacheStore | undefined;

/** The cache stage of one call: its store and key, or `undefined` when the call asks for no cache. */
export function openCache(options: RerankOptions, model: RerankModel, plan: RerankPlan) {
  if (options.cache === true) shared ??= createRerankCache();
  const store = options.cache === true ? shared : options.cache || undefined;
  if (!store) return undefined;
  const key = rerankCacheKey(model, plan, options);
  return {
    read: async () => store.get(key),
    write: async (value: CachedRanking) => store.set(key, value),
  };
}

/** SHA-256 of everything that decides the answer: the endpoint and key asked, model, query, documents and parameters. */
function rerankCacheKey(model: RerankModel, plan: RerankPlan, options: RerankOptions): string {
  const parameters = {
    topN: options.topN,
    returnDocuments: options.returnDocuments,
    instruct: options.instruct,
    fps: options.fps,
  };
  const hash = createHash("sha256");
  hash.update(JSON.stringify([model.provider, model.modelId, model.cacheScope?.() ?? "", plan.query, parameters]));
  // Document by document, so a call with large images never builds one giant string.
  for (const document of plan.unique) {
    hash.update(`\u0000${document.text ?? ""}\u0001${document.image ?? ""}\u0002${document.video ?? ""}`);
  }
  return hash.digest("hex");
}
