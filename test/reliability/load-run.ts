// Item 3 of the reliability issue: thousands of reranks, 64 in flight, against the local server, with a share of the
// requests given a random fault from the matrix. Every call must settle with the right result (or a typed error that
// its faults explain), none may be lost, and the heap after GC must not grow between 25% of the calls and the end.
//
//   node --expose-gc --import tsx test/reliability/load-run.ts [--json] [--calls 10000] [--concurrency 64]
//        [--fault-rate 0.05] [--seed 1] [--max-retries 3] [--timeout-ms 3000]
//
// It runs as its own process so that `--expose-gc` is available; load.test.ts starts it and checks its JSON.
// Sources are imported directly (not the built packages) so the run always measures the code in the tree.
import { inspect, parseArgs } from "node:util";
import { Agent } from "undici";
import {
  createDashScope,
  type RerankDocument,
  RerankError,
  type RerankModel,
  rerank,
} from "../../packages/core/src/index.js";
import { startRerankServer } from "../../packages/testing/src/index.js";
import { hashScore, prng, recoverableFaults } from "./fault-matrix.js";

const { values: args } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    calls: { type: "string", default: "10000" },
    concurrency: { type: "string", default: "64" },
    "fault-rate": { type: "string", default: "0.05" },
    seed: { type: "string", default: "1" },
    "max-retries": { type: "string", default: "3" },
    "timeout-ms": { type: "string", default: "3000" },
    "watchdog-ms": { type: "string", default: "600000" },
  },
});
const calls = Number(args.calls);
const concurrency = Number(args.concurrency);
const faultRate = Number(args["fault-rate"]);
const seed = Number(args.seed);
const maxRetries = Number(args["max-retries"]);
const timeoutMs = Number(args["timeout-ms"]);
const gc = (globalThis as { gc?: () => void }).gc;
// Read by the provider from the environment, like a deployed app; the parent process checks our output for it.
const apiKey = process.env.DASHSCOPE_API_KEY ?? "sk-load-run-local-key-0000";
process.env.DASHSCOPE_API_KEY = apiKey;

const random = prng(seed);
const faultRandom = prng(seed ^ 0x5eed);
const words = ["apple", "pear", "plum", "fig", "kiwi", "lime", "date", "peach", "red", "green", "pie", "jam"];
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const pick = <T>(items: readonly T[], next = random): T => items[Math.floor(next() * items.length)]!;

interface Workload {
  documents: RerankDocument[];
  /** What the server sees for each document: [text, image, video]. */
  wire: Array<[string | undefined, string | undefined, string | undefined]>;
  topN: number | undefined;
  small: boolean;
}

function workload(): Workload {
  const count = 1 + Math.floor(random() * 40);
  const documents: RerankDocument[] = [];
  const wire: Workload["wire"] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.7) {
      const text = `${pick(words)} ${pick(words)} ${Math.floor(random() * 50)}`;
      documents.push(random() < 0.5 ? text : { text });
      wire.push([text, undefined, undefined]);
    } else if (roll < 0.88) {
      const url = `https://example.com/${pick(words)}-${Math.floor(random() * 30)}.jpg`;
      documents.push({ image: url });
      wire.push([undefined, url, undefined]);
    } else if (roll < 0.95) {
      const bytes = Uint8Array.from([...png, Math.floor(random() * 256), Math.floor(random() * 256)]);
      documents.push({ image: bytes });
      wire.push([undefined, `data:image/png;base64,${Buffer.from(bytes).toString("base64")}`, undefined]);
    } else {
      const url = `https://example.com/${pick(words)}-clip-${Math.floor(random() * 5)}.mp4`;
      documents.push({ video: url });
      wire.push([undefined, undefined, url]);
    }
  }
  const topN = random() < 0.5 ? undefined : 1 + Math.floor(random() * (count + 5));
  return { documents, wire, topN, small: random() < 0.25 };
}

const score = (text: string | undefined, image: string | undefined, video: string | undefined) =>
  hashScore(seed, text, image, video);

const server = await startRerankServer({
  apiKey,
  recordCalls: false,
  scorer: (_query, document) => score(document.text, document.images[0], document.videos[0]),
});
const dispatcher = new Agent({ keepAliveTimeout: 1_000, keepAliveMaxTimeout: 1_000, connections: concurrency * 2 });
const model = createDashScope({ baseURL: `${server.url}/api/v1`, dispatcher }).rerankModel("qwen3-vl-rerank");
// A quarter of the calls go through a wrapper with small caps, so they are split into several parallel requests.
const smallModel: RerankModel = {
  ...model,
  limits: { ...model.limits, maxDocumentsPerCall: { text: 8, image: 4, video: 2 }, maxTotalDocumentsPerCall: 8 },
};

let requests = 0;
const faultsByKind: Record<string, number> = {};
const faultsByCall = new Map<number, number>();
server.onCall((call) => {
  requests++;
  if (faultRandom() >= faultRate) return undefined;
  const fault = pick(recoverableFaults, faultRandom);
  faultsByKind[fault.name] = (faultsByKind[fault.name] ?? 0) + 1;
  const id = Number(call.headers["x-load-call"]);
  faultsByCall.set(id, (faultsByCall.get(id) ?? 0) + 1);
  return fault.make();
});

const figures = {
  calls,
  concurrency,
  faultRate,
  seed,
  maxRetries,
  timeoutMs,
  resolved: 0,
  right: 0,
  wrong: 0,
  failuresSurfaced: 0,
  failuresUntyped: 0,
  /** Failures without at least maxRetries + 1 faults on the call: the client gave up too early. */
  failuresUnexplained: 0,
  lost: 0,
  requests: 0,
  faultsInjected: 0,
  faultsByKind,
  retries: 0,
  /** Retries by the error that caused them; more than the faults injected means attempts failed on their own. */
  retriesByCode: {} as Record<string, number>,
  secretLeaks: 0,
  latencyMs: { p50: 0, p99: 0, max: 0 },
  heap: { gcExposed: gc !== undefined, afterMB: [] as number[], growthMB: 0, growthPercent: 0 },
  durationMs: 0,
  reranksPerSecond: 0,
  examples: [] as string[],
};
const latencies: number[] = [];
const pending = new Set<number>();
const example = (text: string) => void (figures.examples.length < 5 && figures.examples.push(text));

async function one(id: number): Promise<void> {
  const { documents, wire, topN, small } = workload();
  pending.add(id);
  const started = performance.now();
  try {
    const result = await rerank({
      model: small ? smallModel : model,
      query: "which fruit?",
      documents,
      topN,
      maxRetries,
      timeoutMs,
      headers: { "x-load-call": String(id) },
      retry: {
        sleep: async () => {},
        onRetry: ({ error }) => {
          figures.retries++;
          const code = String((error as { code?: unknown }).code);
          figures.retriesByCode[code] = (figures.retriesByCode[code] ?? 0) + 1;
        },
      },
    });
    figures.resolved++;
    const expected = wire
      .map(([text, image, video], index) => ({ index, score: score(text, image, video) }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, topN ?? Number.POSITIVE_INFINITY);
    const actual = result.results.map(({ index, score }) => ({ index, score }));
    const right =
      JSON.stringify(actual) === JSON.stringify(expected) &&
      result.results.every((item) => item.document === documents[item.index]);
    if (right) figures.right++;
    else {
      figures.wrong++;
      example(
        `call ${id}: expected ${JSON.stringify(expected).slice(0, 200)}, got ${JSON.stringify(actual).slice(0, 200)}`,
      );
    }
  } catch (error) {
    figures.failuresSurfaced++;
    if (!RerankError.isInstance(error)) {
      figures.failuresUntyped++;
      example(`call ${id}: untyped ${String(error).slice(0, 200)}`);
    }
    if ((faultsByCall.get(id) ?? 0) < maxRetries + 1) {
      figures.failuresUnexplained++;
      example(`call ${id}: gave up after ${faultsByCall.get(id) ?? 0} fault(s): ${String(error).slice(0, 200)}`);
    }
    const text = `${(error as Error)?.message}\n${(error as Error)?.stack}\n${inspect(error, { depth: 10 })}`;
    if (text.includes(apiKey)) figures.secretLeaks++;
  } finally {
    latencies.push(performance.now() - started);
    pending.delete(id);
  }
}

/** Runs calls `from`..`to` (exclusive) with `concurrency` in flight. */
async function runRange(from: number, to: number): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < to) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, to - from) }, worker));
}

async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const started = performance.now();
const watchdog = setTimeout(() => finish(1), Number(args["watchdog-ms"]));
// Drained and collected at 25% (warmed up) and at 100%: the two heaps must match if nothing is kept per call.
for (const [from, to] of [
  [0, Math.floor(calls / 4)],
  [Math.floor(calls / 4), calls],
] as const) {
  await runRange(from, to);
  figures.heap.afterMB.push(Math.round((await heapAfterGc()) * 100) / 100);
}
clearTimeout(watchdog);
await finish(0);

async function finish(code: number): Promise<void> {
  figures.durationMs = Math.round(performance.now() - started);
  figures.lost = calls - figures.resolved - figures.failuresSurfaced + pending.size;
  figures.requests = requests;
  figures.faultsInjected = Object.values(faultsByKind).reduce((sum, count) => sum + count, 0);
  figures.reranksPerSecond = Math.round((figures.resolved + figures.failuresSurfaced) / (figures.durationMs / 1000));
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (share: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0);
  figures.latencyMs = { p50: at(0.5), p99: at(0.99), max: Math.round(sorted[sorted.length - 1] ?? 0) };
  const [first, last] = figures.heap.afterMB;
  if (first !== undefined && last !== undefined) {
    figures.heap.growthMB = Math.round((last - first) * 100) / 100;
    figures.heap.growthPercent = Math.round(((last - first) / first) * 1000) / 10;
  }
  if (args.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
  else {
    const f = figures;
    console.log(
      [
        `${f.calls} reranks, ${f.concurrency} in flight, ${f.durationMs} ms (${f.reranksPerSecond}/s, p50 ${f.latencyMs.p50} ms, p99 ${f.latencyMs.p99} ms)`,
        `requests ${f.requests}, faults injected ${f.faultsInjected}, retries ${f.retries} ${JSON.stringify(f.retriesByCode)}`,
        `right ${f.right}, wrong ${f.wrong}, failures surfaced ${f.failuresSurfaced} (untyped ${f.failuresUntyped}, unexplained ${f.failuresUnexplained}), lost ${f.lost}`,
        `heap after GC at 25% and 100% (MB): ${f.heap.afterMB.join(", ")}${f.heap.gcExposed ? "" : " (no --expose-gc: not comparable)"}`,
        ...f.examples,
      ].join("\n"),
    );
  }
  await server.close();
  await dispatcher.close();
  process.exit(code);
}
