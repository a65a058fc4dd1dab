import type { BenchConfig } from "../bench-config.js";
import type { BenchClient } from "../clients/bench-client.js";
import { benchQuery, textDocuments } from "../lib/payloads.js";
import { runBlock, shuffled, warmUp } from "../lib/rounds.js";
import type { ResultRow, ScenarioResult } from "../lib/scenario-result.js";
import { median, p95 } from "../lib/stats.js";
import type { BenchServer } from "../server/start-bench-server.js";

const goal = 0.75;
/** Ours against the best peer: what a user switching from one of them would notice. */
const overBestPeer = 2;

/** Scenario 2: a fixed number of calls, `concurrency` in flight; calls per second, rounds interleaved. */
export async function throughput(
  clients: readonly BenchClient[],
  server: BenchServer,
  config: BenchConfig["throughput"],
): Promise<ScenarioResult> {
  const documents = textDocuments(config.documents, 7);
  for (const client of clients) await warmUp(client, benchQuery, documents, config.warmupCalls, config.concurrency);
  const samples = new Map(
    clients.map((client) => [
      client.id,
      { rates: [] as number[], latencies: [] as number[], cpuMs: 0, serverCpuMs: 0, calls: 0 },
    ]),
  );
  for (let round = 0; round < config.rounds; round++) {
    for (const client of shuffled(clients, round)) {
      await server.reset();
      const block = await runBlock(client, benchQuery, documents, config.callsPerRound, config.concurrency);
      const served = await server.stats();
      const sample = samples.get(client.id)!;
      sample.rates.push((config.callsPerRound / block.wallMs) * 1000);
      sample.latencies.push(...block.latencies);
      sample.cpuMs += block.cpuMs;
      sample.serverCpuMs += served.cpuMs;
      sample.calls += config.callsPerRound;
    }
  }
  const floor = median(samples.get("floor")!.rates);
  const rows: ResultRow[] = clients.map((client) => {
    const { rates, latencies, cpuMs, serverCpuMs, calls } = samples.get(client.id)!;
    const value = median(rates);
    return {
      label: client.label,
      median: value,
      unit: "calls/s",
      p95Ms: p95(latencies),
      ratio: value / floor,
      ratioOf: "floor",
      cpuMsPerCall: cpuMs / calls,
      note: `server ${(serverCpuMs / calls).toFixed(3)} ms CPU/call`,
    };
  });
  const ours = rows[clients.findIndex((client) => client.id === "ours")]!;
  const control = rows[clients.findIndex((client) => client.role === "control")];
  const reference = rows[clients.findIndex((client) => client.role === "reference")];
  if (reference) ours.note = `${ours.note}; ${(ours.median / reference.median).toFixed(2)}× the dispatch reference`;
  const peers = clients
    .map((client, index) => ({ client, row: rows[index]! }))
    .filter(({ client }) => client.role === "peer");
  const bestPeer = peers.reduce((best, peer) => (peer.row.median > best.row.median ? peer : best));
  const aheadOfPeers = ours.median >= overBestPeer * bestPeer.row.median;
  return {
    id: "throughput",
    title: `2. throughput, ${config.documents} docs/call, ${config.concurrency} in flight`,
    goal: `ours ≥ ${goal.toFixed(2)}× floor and ≥ ${overBestPeer}× the best peer`,
    pass: ours.ratio! >= goal && aheadOfPeers,
    rows,
    metrics: {
      callsPerRound: config.callsPerRound,
      rounds: config.rounds,
      floorCallsPerSecond: floor,
      oursCallsPerSecond: ours.median,
      ratio: ours.ratio!,
      aheadOfPeers,
      bestPeer: bestPeer.client.id,
      bestPeerCallsPerSecond: bestPeer.row.median,
      ...(control ? { controlRatio: control.ratio! } : {}),
      ...(reference ? { oursOverReference: ours.median / reference.median } : {}),
    },
  };
}
