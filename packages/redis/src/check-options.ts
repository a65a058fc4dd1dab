import { InvalidArgumentError } from "@qwen-rerank/core";
import { isRedisClient, type RedisClient } from "./redis-client.js";

/** The options every factory here shares, checked before any command is sent. */
export function checkCommonOptions(options: {
  redis: RedisClient;
  keyPrefix?: string | undefined;
  timeoutMs?: number | undefined;
}): void {
  if (!isRedisClient(options.redis))
    throw new InvalidArgumentError({
      argument: "redis",
      message: "must be an ioredis client (new Redis()) or a node-redis client (createClient()).",
    });
  if (options.keyPrefix !== undefined && typeof options.keyPrefix !== "string")
    throw new InvalidArgumentError({ argument: "keyPrefix", message: "must be a string." });
  checkPositive("timeoutMs", options.timeoutMs, true);
}

/** A finite number above 0 (`undefined` passes when the option is optional). */
export function checkPositive(argument: string, value: unknown, optional: boolean): void {
  if (value === undefined && optional) return;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0)
    throw new InvalidArgumentError({ argument, message: `must be a finite number above 0, got ${String(value)}.` });
}
