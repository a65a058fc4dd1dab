import { createHash } from "node:crypto";
import { commandSender, describeEndpoint, type RedisClient } from "./redis-client.js";
import { type RedisOperation, RedisUnavailableError } from "./redis-unavailable-error.js";

/** A Lua script and its SHA-1, so that it is sent in full only once per Redis server. */
export interface LuaScript {
  source: string;
  sha: string;
}

export const luaScript = (source: string): LuaScript => ({
  source,
  sha: createHash("sha1").update(source).digest("hex"),
});

/** Commands to one client, each bounded by `timeoutMs`: whatever Redis does, an answer or a typed error in time. */
export interface RedisRunner {
  /** The endpoint as messages name it. */
  url: string;
  timeoutMs: number;
  command(operation: RedisOperation, args: string[]): Promise<unknown>;
  /** EVALSHA, or EVAL when this server has not seen the script yet (a restart, a failover). */
  script(operation: RedisOperation, script: LuaScript, keys: string[], args: string[]): Promise<unknown>;
}

export function redisRunner(redis: RedisClient, timeoutMs: number): RedisRunner {
  const send = commandSender(redis);
  const url = describeEndpoint(redis);
  const bounded = (operation: RedisOperation, run: () => Promise<unknown>) =>
    new Promise<unknown>((resolve, reject) => {
      const fail = (cause: unknown) => reject(new RedisUnavailableError({ operation, url, timeoutMs, cause }));
      // A client that queues commands while it reconnects (ioredis does by default) would otherwise hold us forever.
      const timer = setTimeout(
        () => fail(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" })),
        timeoutMs,
      );
      run().then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (cause: unknown) => {
          clearTimeout(timer);
          fail(cause);
        },
      );
    });
  const evaluate = async (script: LuaScript, keys: string[], args: string[]) => {
    const rest = [String(keys.length), ...keys, ...args];
    try {
      return await send(["EVALSHA", script.sha, ...rest]);
    } catch (error) {
      if (!String((error as Error | null)?.message).startsWith("NOSCRIPT")) throw error;
      return send(["EVAL", script.source, ...rest]);
    }
  };
  return {
    url,
    timeoutMs,
    command: (operation, args) => bounded(operation, () => send(args)),
    script: (operation, script, keys, args) => bounded(operation, () => evaluate(script, keys, args)),
  };
}
