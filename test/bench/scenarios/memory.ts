import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BenchConfig } from "../bench-config.js";
import { base64Length } from "../lib/payloads.js";
import type { ScenarioResult } from "../lib/scenario-result.js";
import { type BenchServer, tsxEnv, tsxExecArgv } from "../server/start-bench-server.js";
import type { MemoryChildResult } from "./memory-child.js";

const goal = 3;
const mib = 1024 * 1024;

/** Scenario 5: peak RSS of one rerank() of `images` Buffers, measured in a fresh child process. */
export async function memory(server: BenchServer, config: BenchConfig["memory"]): Promise<ScenarioResult> {
  const child = fork(fileURLToPath(new URL("./memory-child.ts", import.meta.url)), [], {
    execArgv: [...tsxExecArgv(), "--expose-gc"],
    env: tsxEnv({
      BENCH_URL: server.url,
      BENCH_API_KEY: server.apiKey,
      BENCH_IMAGES: String(config.images),
      BENCH_IMAGE_BYTES: String(config.imageBytes),
    }),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const report = await new Promise<MemoryChildResult>((resolve, reject) => {
    let result: MemoryChildResult | undefined;
    child.on("message", (message: MemoryChildResult) => {
      result = message;
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      result && code === 0 ? resolve(result) : reject(new Error(`memory child exited with code ${code}`)),
    );
  });
  if (report.results !== config.images)
    throw new Error(`memory: ${report.results} results for ${config.images} images`);
  const payload = config.images * base64Length(config.imageBytes);
  const delta = report.peakRss - report.buffersRss;
  const deltaWithBuffers = report.peakRss - report.baselineRss;
  const ratio = delta / payload;
  return {
    id: "memory",
    title: `5. memory, ${config.images} × ${(config.imageBytes / mib).toFixed(2)} MiB Buffers (child process)`,
    goal: `peak ΔRSS ≤ ${goal}× base64 payload`,
    pass: ratio <= goal,
    rows: [
      {
        label: "rerank() peak ΔRSS",
        median: delta / mib,
        unit: "MiB",
        ratio,
        ratioOf: "base64 payload",
        note: `payload ${(payload / mib).toFixed(1)} MiB; ${report.requests} requests, ${report.wallMs.toFixed(0)} ms; peak by ${report.peakSource}`,
      },
      {
        label: "  incl. caller's Buffers",
        median: deltaWithBuffers / mib,
        unit: "MiB",
        ratio: deltaWithBuffers / payload,
        ratioOf: "base64 payload",
        note: `baseline ${(report.baselineRss / mib).toFixed(0)} MiB, +Buffers ${((report.buffersRss - report.baselineRss) / mib).toFixed(0)} MiB`,
      },
    ],
    metrics: {
      payloadMiB: payload / mib,
      peakDeltaMiB: delta / mib,
      peakDeltaWithBuffersMiB: deltaWithBuffers / mib,
      ratio,
      requests: report.requests,
      wallMs: report.wallMs,
    },
  };
}
