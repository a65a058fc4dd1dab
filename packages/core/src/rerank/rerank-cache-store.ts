import { LRUCache } from "lru-cache";
import { rerankDefaults } from "../defaults.js";

/** What the cache keeps for one call: the scores of the distinct documents that came back, by position. */
export interface CachedRanking {
  ranking: Array<[position: number, score: number]>;
  totalTokens: number;
}

/** Any key-value store: an in-memory LRU, Redis, a database. Values are plain JSON, keys are SHA-256 hex strings. */
export interface RerankCacheStore {
  get(key: string): CachedRanking | undefined | Promise<CachedRanking | undefined>;
  set(key: string, value: CachedRanking): void | Promise<void>;
}

/** An in-memory LRU store: `max` entries kept (default 1000), each for `ttlMs` milliseconds (default: no expiry). */
export function createRerankCache({ max = rerankDefaults.cacheEntries, ttlMs }: { max?: number; ttlMs?: number } = {}) {
  const lru = new LRUCache<string, CachedRanking>({ max, ...(ttlMs ? { ttl: ttlMs } : {}) });
  return { get: (key) => lru.get(key), set: (key, value) => void lru.set(key, value) } satisfies RerankCacheStore;
}
