import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";
import type { ResolvedDocument, ResolvedQuery } from "../documents/rerank-document.js";

/** What the cache keeps for one call: the scores of the distinct documents that came back, by position. */
export interface CachedRanking {
  ranking: Array<[position: number, score: number]>;
  totalTokens: number;
}

/**
 * Any key-value store: an in-memory LRU, Redis, a database. Values are plain JSON, keys are SHA-256 hex strings.
 */
export interface RerankCacheStore {
  get(key: string): CachedRanking | undefined | Promise<CachedRanking | undefined>;
  set(key: string, value: CachedRanking): void | Promise<void>;
}

/** An in-memory LRU store: `max` entries kept (default 1000), each for `ttlMs` milliseconds (default: no expiry). */
export function createRerankCache({ max = 1000, ttlMs }: { max?: number; ttlMs?: number } = {}): RerankCacheStore {
  const lru = new LRUCache<string, CachedRanking>({ max, ...(ttlMs ? { ttl: ttlMs } : {}) });
  return { get: (key) => lru.get(key), set: (key, value) => void lru.set(key, value) };
}

let shared: RerankCacheStore | undefined;
/** The process-wide store behind `cache: true`. */
export const sharedRerankCache = (): RerankCacheStore => {
  shared ??= createRerankCache();
  return shared;
};

/** SHA-256 of everything that decides the answer: model, query, documents and parameters. */
export function rerankCacheKey(parts: {
  provider: string;
  modelId: string;
  query: ResolvedQuery;
  documents: readonly ResolvedDocument[];
  parameters: Record<string, unknown>;
}): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify([parts.provider, parts.modelId, parts.query, parts.parameters]));
  // Hashed document by document so a call with large images never builds one giant string.
  for (const document of parts.documents) hash.update(`\u0000${document.text ?? ""}\u0001${document.image ?? ""}\u0002${document.video ?? ""}`);
  return hash.digest("hex");
}
