// `pnpm bench` (builds the core, then tsx bench/run.ts from test/): rerank() against the bare floor and its peers on
// one loopback server.
// Flags: --smoke (or BENCH_SMOKE=1) for tiny counts, --json for machine-readable output, --only=<id,...> for a subset.
// Progress goes to stderr. `pnpm bench` builds the core and benches dist/ (bench/tsconfig.json); TSX_TSCONFIG_PATH or
// tsx --tsconfig <file with other `paths`> benches another build, e.g. the sources (../tsconfig.json).
import { availableParallelism, cpus, platform, release } from "node:os";
import { redisServerAvailable } from "../../packages/redis/src/__tests__/start-redis-server.js";
import { fullConfig, smokeConfig } from "./bench-config.js";
import { allClients } from "./clients/all-clients.js";
import { formatTable } from "./format-table.js";
import type { BenchReport, ScenarioResult } from "./lib/scenario-result.js";
import { cost } from "./scenarios/cost.js";
import { fanOut } from "./scenarios/fan-out.js";
import { fleet } from "./scenarios/fleet.js";
import { imageResize } from "./scenarios/image-resize.js";
import { memory } from "./scenarios/memory.js";
import { perCallLatency } from "./scenarios/per-call-latency.js";
import { throughput } from "./scenarios/throughput.js";
import { startBenchServer } from "./server/start-bench-server.js";

const args = process.argv.slice(2);
const smoke = args.includes("--smoke") || process.env.BENCH_SMOKE === "1";
const json = args.includes("--json");
// --only=throughput,memory runs a subset (scenario ids as in the JSON), e.g. to A/B one change quickly.
const only = args
  .find((arg) => arg.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const config = smoke ? smokeConfig : fullConfig;
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<BenchReport> {
  const scenarios: ScenarioResult[] = [];
  const server = await startBenchServer();
  const clients = allClients(server);
  const step = async (name: string, run: () => Promise<ScenarioResult>) => {
    if (only && !only.includes(name.replaceAll(" ", "-"))) return;
    const start = performance.now();
    log(`${name}…`);
    const result = await run();
    scenarios.push(result);
    log(`${name}: ${result.pass ? "PASS" : "FAIL"} (${((performance.now() - start) / 1000).toFixed(1)} s)`);
  };
  try {
    await step("per-call latency", () => perCallLatency(clients, config.latency));
    await step("throughput", () => throughput(clients, server, config.throughput));
    await step("fan-out", () => fanOut(config.fanOut));
    await step("cost", () => cost(server, config.cost));
    await step("memory", () => memory(server, config.memory));
    await step("image resize", () => imageResize(config.imageResize));
    // Needs Debian's redis-server (in CI, .ci/run installs it; elsewhere the scenario is left out with a message).
    if (redisServerAvailable()) await step("fleet", () => fleet(config.fleet));
  } finally {
    await Promise.all(clients.map((client) => client.close?.()));
    await server.close();
  }
  return {
    machine: {
      nproc: availableParallelism(),
      cpu: cpus()[0]?.model.trim() ?? "unknown",
      node: process.version,
      platform: `${platform()} ${release()}`,
    },
    smoke,
    scenarios,
  };
}

try {
  const report = await main();
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatTable(report)}\n`);
  // Keep-alive sockets of the SDKs' global fetch would hold the process open for seconds; the work is done.
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
