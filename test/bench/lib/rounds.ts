import type { BenchClient } from "../clients/bench-client.js";
import { cpuMsSince } from "./stats.js";

/** The clients in a different order each round, so drift (GC, CPU clocks, the OS) is spread over all of them. */
export function rotated<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Runs `calls` calls and checks each answer ranks every document, so a misconfigured client cannot look fast. */
export async function warmUp(client: BenchClient, query: string, documents: readonly string[], calls: number, concurrency = 1): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next++ < calls) {
      const results = await client.rank(query, documents);
      if (results.length !== documents.length) throw new Error(`${client.label}: ${results.length} results for ${documents.length} documents`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, worker));
}

export interface BlockSamples {
  /** Per-call latency, ms. */
  latencies: number[];
  /** Wall time of the whole block, ms. */
  wallMs: number;
  /** Client CPU time of the whole block, ms. */
  cpuMs: number;
}

/** `calls` calls with `concurrency` of them in flight at any time (1: one after another). */
export async function runBlock(client: BenchClient, query: string, documents: readonly string[], calls: number, concurrency: number): Promise<BlockSamples> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next++ < calls) {
      const start = performance.now();
      await client.rank(query, documents);
      latencies.push(performance.now() - start);
    }
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, worker));
  return { latencies, wallMs: performance.now() - start, cpuMs: cpuMsSince(cpu) };
}
