export { createRedisCache, type RedisCacheOptions } from "./create-redis-cache.js";
export { createRedisRateLimiter, type RedisRateLimiterOptions } from "./create-redis-rate-limiter.js";
export type { IORedisClient, NodeRedisClient, RedisClient } from "./redis-client.js";
export { redisDefaults } from "./redis-defaults.js";
export { type RedisOperation, RedisUnavailableError } from "./redis-unavailable-error.js";
