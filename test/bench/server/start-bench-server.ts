import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface ServerStats {
  /** Rerank requests received since start or the last reset. */
  requests: number;
  /** Documents those requests carried. */
  documents: number;
  /** Documents of each request, in arrival order (first 10,000). */
  documentsPerRequest: number[];
  /** CPU time of the server process since the last reset. */
  cpuMs: number;
}

export type ServerRequest = { id: number; type: "stats" | "reset" };

export interface BenchServer {
  url: string;
  apiKey: string;
  stats(): Promise<ServerStats>;
  /** Zeroes the counters and returns what they held. */
  reset(): Promise<ServerStats>;
  close(): Promise<void>;
}

export const benchApiKey = "bench-key";

/** Node arguments that make a child run TypeScript through tsx, with this folder's tsconfig (its `paths`). */
export function tsxExecArgv(): string[] {
  return ["--import", import.meta.resolve("tsx")];
}

/**
 * Children read test/tsconfig.json (its `paths`: the sources), unless TSX_TSCONFIG_PATH already names another: `pnpm
 * bench` names bench/tsconfig.json (the built core), and another file can A/B a patched core.
 */
export function tsxEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const tsconfig = process.env.TSX_TSCONFIG_PATH ?? fileURLToPath(new URL("../../tsconfig.json", import.meta.url));
  return { ...process.env, TSX_TSCONFIG_PATH: tsconfig, ...extra };
}

/**
 * Forks server-process.ts (canned answers, no call recording) and waits for its URL. `maxBodyBytes` defaults to
 * DashScope's 64 MiB.
 */
export async function startBenchServer({
  latencyMs = 0,
  maxBodyBytes = 64 * 1024 * 1024,
}: {
  latencyMs?: number;
  maxBodyBytes?: number;
} = {}): Promise<BenchServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL("./server-process.ts", import.meta.url)), [], {
    execArgv: tsxExecArgv(),
    env: tsxEnv({
      BENCH_LATENCY_MS: String(latencyMs),
      BENCH_API_KEY: benchApiKey,
      BENCH_MAX_BODY_BYTES: String(maxBodyBytes),
    }),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, (stats: ServerStats) => void>();
  let nextId = 1;
  const url = await new Promise<string>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench server exited with code ${code} before listening`)));
    child.on("message", (message: { id: number; url?: string; stats?: ServerStats }) => {
      if (message.url !== undefined) resolve(message.url);
      else if (message.stats !== undefined) pending.get(message.id)?.(message.stats);
      pending.delete(message.id);
    });
  });
  child.removeAllListeners("exit");
  const ask = (type: ServerRequest["type"]) =>
    new Promise<ServerStats>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ id, type } satisfies ServerRequest);
    });
  return {
    url,
    apiKey: benchApiKey,
    stats: () => ask("stats"),
    reset: () => ask("reset"),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.disconnect();
      }),
  };
}
