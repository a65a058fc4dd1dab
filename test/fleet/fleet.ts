// A fleet of worker processes (fleet-worker.ts), each its own Node process with its own rerank() and Redis client,
// as a real deployment runs them. Used by the fleet test and by the bench's fleet scenario.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { tsxEnv, tsxExecArgv } from "../bench/server/start-bench-server.js";

export interface LoadJob {
  /** "redis": createRedisRateLimiter; "local": one createRateLimiter per process; "none": no limiter. */
  limiter: "redis" | "local" | "none";
  requestsPerMinute: number;
  tokensPerMinute?: number;
  keyPrefix?: string;
  timeoutMs?: number;
  windowMarginMs?: number;
  /** Callers in each process, each making one rerank() call after another. */
  concurrency: number;
  durationMs: number;
  /** Wall-clock time (Date.now()) at which every process starts, so they all start together. */
  startAt: number;
  /** The process's number, which keeps its documents apart from the others'. */
  seed: number;
}

export interface LoadReport {
  calls: number;
  succeeded: number;
  /** Requests the successful calls sent (retries excluded). */
  requests: number;
  /** Retries after a 429, as rerank()'s onRetry saw them. */
  throttledRetries: number;
  /** Calls still waiting (or, rarely, still on the wire) when the run ended, and aborted then. */
  abortedAtEnd: number;
  /** Failed calls by error name; a RerankRetryError lists the names of the errors it gathered. */
  failures: Record<string, number>;
  /** The longest a failed call took, in ms. */
  slowestFailureMs: number;
}

export interface CachedCallJob {
  keyPrefix: string;
  query: string;
  documents: string[];
}

export interface CachedCallReport {
  cached: boolean;
  requestCount: number;
  ranking: number[];
}

export type FleetMessage =
  | { type: "load"; job: LoadJob }
  | { type: "cached-call"; job: CachedCallJob }
  | { type: "warm-up"; concurrency: number }
  | { type: "exit" };

export interface Fleet {
  size: number;
  /** Runs the same load in every process, all starting `startInMs` from now; one report per process. */
  load(job: Omit<LoadJob, "seed" | "startAt">, startInMs?: number): Promise<LoadReport[]>;
  /** One rerank() call with a Redis cache, in process `member`. */
  cachedCall(member: number, job: CachedCallJob): Promise<CachedCallReport>;
  /**
   * `concurrency` calls at once in every process, once, whatever they get: a process's first requests open its
   * connections and run cold code, so they reach the server later than the ones after them. Reset the server after.
   */
  warmUp(concurrency: number): Promise<void>;
  close(): Promise<void>;
}

function ask<T>(child: ChildProcess, message: FleetMessage): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`fleet worker exited with ${code} mid-job`));
    child.once("exit", onExit);
    child.once("message", (answer: { report: T }) => {
      child.removeListener("exit", onExit);
      resolve(answer.report);
    });
    child.send(message);
  });
}

async function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = fork(fileURLToPath(new URL("./fleet-worker.ts", import.meta.url)), [], {
    execArgv: tsxExecArgv(),
    env: tsxEnv(env),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`fleet worker exited with ${code} before it was ready`)));
    child.once("message", () => resolve());
  });
  child.removeAllListeners("exit");
  return child;
}

export async function startFleet(options: {
  size: number;
  serverUrl: string;
  apiKey: string;
  redisPort?: number;
}): Promise<Fleet> {
  const env = {
    FLEET_SERVER_URL: options.serverUrl,
    FLEET_API_KEY: options.apiKey,
    FLEET_REDIS_PORT: String(options.redisPort ?? 0),
  };
  const workers = await Promise.all(Array.from({ length: options.size }, () => startWorker(env)));
  return {
    size: options.size,
    load: (job, startInMs = 300) => {
      const startAt = Date.now() + startInMs;
      return Promise.all(
        workers.map((child, seed) => ask<LoadReport>(child, { type: "load", job: { ...job, startAt, seed } })),
      );
    },
    cachedCall: (member, job) => ask<CachedCallReport>(workers[member]!, { type: "cached-call", job }),
    warmUp: async (concurrency) => {
      await Promise.all(workers.map((child) => ask<null>(child, { type: "warm-up", concurrency })));
    },
    close: async () => {
      await Promise.all(
        workers.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once("exit", () => resolve());
              child.send({ type: "exit" } satisfies FleetMessage);
            }),
        ),
      );
    },
  };
}
