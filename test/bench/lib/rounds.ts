import type { BenchClient } from "../clients/bench-client.js";
import { cpuMsSince } from "./stats.js";

/**
 * The clients in a different order each round, so drift (GC, CPU clocks, the OS) is spread over all of them. Shuffled
 * (seeded by the round, so runs repeat), not rotated: a rotation keeps the cyclic order, so each client would always
 * run right after the same one, e.g. after the SDK that leaves the most garbage behind.
 */
export function shuffled<T>(items: readonly T[], round: number): T[] {
  const order = [...items];
  let seed = (round + 1) * 0x9e3779b9;
  // mulberry32: a tiny seeded generator, enough to deal an order.
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  return order;
}

/**
 * `calls` copies of `documents` made of new strings, as a retriever hands them over (parsed from a vector store's
 * JSON). Reusing one array would flatter any client that hashes the texts: V8 caches a string's hash on the string,
 * so only the first call would pay for it. Made before the clock starts.
 */
export function freshCopies(documents: readonly string[], calls: number): string[][] {
  const json = JSON.stringify(documents);
  return Array.from({ length: calls }, () => JSON.parse(json) as string[]);
}

/** Runs `calls` calls and checks each answer ranks every document, so a misconfigured client cannot look fast. */
export async function warmUp(
  client: BenchClient,
  query: string,
  documents: readonly string[],
  calls: number,
  concurrency = 1,
): Promise<void> {
  const copies = freshCopies(documents, calls);
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      const results = await client.rank(query, copies[next++]!);
      if (results.length !== documents.length)
        throw new Error(`${client.label}: ${results.length} results for ${documents.length} documents`);
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
export async function runBlock(
  client: BenchClient,
  query: string,
  documents: readonly string[],
  calls: number,
  concurrency: number,
): Promise<BlockSamples> {
  const latencies: number[] = [];
  const copies = freshCopies(documents, calls);
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      const copy = copies[next++]!;
      const start = performance.now();
      await client.rank(query, copy);
      latencies.push(performance.now() - start);
    }
  };
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, calls) }, worker));
  return { latencies, wallMs: performance.now() - start, cpuMs: cpuMsSince(cpu) };
}
