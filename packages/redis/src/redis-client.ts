/** The one method of an ioredis client (`new Redis()`, v5 or later) this package uses. */
export interface IORedisClient {
  call(command: string, args: string[]): Promise<unknown>;
}

/** The one method of a node-redis client (`createClient()`, v4 or later) this package uses. */
export interface NodeRedisClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/** A Redis client you own: this package sends it commands, and never connects, configures or closes it. */
export type RedisClient = IORedisClient | NodeRedisClient;

/** Sends one command as an array of strings through whichever client was given. */
export function commandSender(redis: RedisClient): (args: string[]) => Promise<unknown> {
  // ioredis also has a `sendCommand`, which takes a Command object: `call` is the one to use there.
  if (typeof (redis as Partial<IORedisClient>).call === "function") {
    const client = redis as IORedisClient;
    return ([command, ...args]) => client.call(command!, args);
  }
  const client = redis as NodeRedisClient;
  return (args) => client.sendCommand(args);
}

export function isRedisClient(value: unknown): value is RedisClient {
  const client = value as Partial<IORedisClient & NodeRedisClient> | null;
  return typeof client?.call === "function" || typeof client?.sendCommand === "function";
}

/** `redis://host:port/db` for messages: read from the client's options, credentials left out. */
export function describeEndpoint(redis: RedisClient): string {
  const options = (redis as { options?: Record<string, unknown> }).options ?? {};
  const socket = (options.socket ?? {}) as Record<string, unknown>;
  const host = options.host ?? socket.host;
  const port = options.port ?? socket.port;
  if (typeof host === "string") return `redis://${host}${port === undefined ? "" : `:${port}`}`;
  if (typeof options.url === "string") {
    try {
      const url = new URL(options.url);
      return `${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}`;
    } catch {
      return "redis";
    }
  }
  return "redis";
}
