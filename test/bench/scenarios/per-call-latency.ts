import type { BenchConfig } from "../bench-config.js";
import type { BenchClient } from "../clients/bench-client.js";
import { benchQuery, textDocuments } from "../lib/payloads.js";
import { runBlock, shuffled, warmUp } from "../lib/rounds.js";
import type { ScenarioResult } from "../lib/scenario-result.js";
import { median, p95 } from "../lib/stats.js";

const goal = 1.3;

/** Scenario 1: one call at a time, 100 text documents; every client gets the same rounds, interleaved. */
export async function perCallLatency(
  clients: readonly BenchClient[],
  config: BenchConfig["latency"],
): Promise<ScenarioResult> {
  const documents = textDocuments(config.documents);
  for (const client of clients) await warmUp(client, benchQuery, documents, config.warmupCalls);
  const samples = new Map(clients.map((client) => [client.id, { latencies: [] as number[], cpuMs: 0 }]));
  for (let round = 0; round < config.rounds; round++) {
    for (const client of shuffled(clients, round)) {
      const block = await runBlock(client, benchQuery, documents, config.callsPerRound, 1);
      const sample = samples.get(client.id)!;
      sample.latencies.push(...block.latencies);
      sample.cpuMs += block.cpuMs;
    }
  }
  const floor = median(samples.get("floor")!.latencies);
  const referenceClient = clients.find((client) => client.role === "reference");
  const referenceMedian = referenceClient ? median(samples.get(referenceClient.id)!.latencies) : undefined;
  const rows = clients.map((client) => {
    const { latencies, cpuMs } = samples.get(client.id)!;
    const value = median(latencies);
    return {
      label: client.label,
      median: value,
      unit: "ms" as const,
      p95Ms: p95(latencies),
      ratio: value / floor,
      ratioOf: "floor" as const,
      cpuMsPerCall: cpuMs / latencies.length,
      ...(client.role === "ours" && referenceMedian
        ? { note: `${(value / referenceMedian).toFixed(2)}× the dispatch reference` }
        : {}),
    };
  });
  const ours = rows[clients.findIndex((client) => client.id === "ours")]!;
  const floorRow = rows[clients.findIndex((client) => client.id === "floor")]!;
  const control = rows[clients.findIndex((client) => client.role === "control")];
  const reference = rows[clients.findIndex((client) => client.role === "reference")];
  return {
    id: "per-call-latency",
    title: `1. per-call latency, ${config.documents} docs, sequential`,
    goal: `ours median ≤ ${goal.toFixed(2)}× floor`,
    pass: ours.ratio <= goal,
    rows,
    metrics: {
      samplesPerClient: config.rounds * config.callsPerRound,
      floorMedianMs: floor,
      oursMedianMs: ours.median,
      ratio: ours.ratio,
      oursCpuMsPerCall: ours.cpuMsPerCall,
      floorCpuMsPerCall: floorRow.cpuMsPerCall,
      ...(control ? { controlRatio: control.ratio } : {}),
      // What ours adds on top of the same undici layer it uses: every guarantee, with nothing saved on undici's side.
      ...(reference ? { oursOverReference: ours.median / reference.median } : {}),
    },
  };
}
