// A real redis-server for the tests: Debian's binary on a free loopback port, no persistence, stopped after.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";

export const redisServerBinary = process.env.REDIS_SERVER_BIN ?? "/usr/bin/redis-server";

/**
 * Whether the tests can run. Without the binary they are skipped with a message, except in CI (`CI` set), where
 * `.ci/run` installs it: a missing server there is a broken setup, so this throws and the test file fails.
 */
export function redisServerAvailable(): boolean {
  if (existsSync(redisServerBinary)) return true;
  if (process.env.CI)
    throw new Error(`${redisServerBinary} is missing in CI: .ci/run installs Debian's redis-server package`);
  console.warn(`Skipping what needs Redis: ${redisServerBinary} not found (apt-get install redis-server).`);
  return false;
}

export interface RedisServerProcess {
  port: number;
  url: string;
  /** SIGKILL, at once: Redis dies mid-run, as in a crash. Resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the process to exit. Safe to call more than once. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function waitUntilReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`redis-server did not start in 10 s:\n${output}`)), 10_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
}

/** Starts redis-server on a free port of 127.0.0.1 (a few tries, in case another process takes the port first). */
export async function startRedisServer(): Promise<RedisServerProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
    const child = spawn(redisServerBinary, [...args, "--daemonize", "no", "--logfile", ""], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await waitUntilReady(child);
    } catch (error) {
      child.kill("SIGKILL");
      if (attempt >= 3) throw error;
      continue;
    }
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const killOnExit = () => child.kill("SIGKILL");
    process.once("exit", killOnExit);
    const end = (signal: NodeJS.Signals) => async () => {
      process.removeListener("exit", killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    };
    return { port, url: `redis://127.0.0.1:${port}`, kill: end("SIGKILL"), stop: end("SIGTERM") };
  }
}
