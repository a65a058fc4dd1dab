// Runs in a child process of its own (see memory.ts), so the other scenarios' heap never pollutes its RSS.
import { readFileSync, writeFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { createDashScope, rerank } from "@qwen-rerank/core";
import { benchQuery, fakeImage } from "../lib/payloads.js";

export interface MemoryChildResult {
  baselineRss: number;
  buffersRss: number;
  peakRss: number;
  peakSource: string;
  wallMs: number;
  results: number;
  requests: number;
}

// The sampler lives on its own thread: RSS is per process, and the main thread is busy (Base64, JSON) exactly
// when the peak happens, so an interval on the main thread would miss it.
const samplerSource = `
const { parentPort } = require("node:worker_threads");
let peak = 0;
setInterval(() => { const rss = process.memoryUsage.rss(); if (rss > peak) peak = rss; }, 2);
parentPort.on("message", (command) => { if (command === "reset") peak = 0; parentPort.postMessage(peak); });
`;

const sampler = new Worker(samplerSource, { eval: true });
const ask = (command: "reset" | "peak") =>
  new Promise<number>((resolve) => {
    sampler.once("message", resolve);
    sampler.postMessage(command);
  });

/** Linux keeps the true peak (VmHWM); writing 5 to clear_refs restarts it from the current RSS. */
function resetHighWaterMark(): boolean {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}
function highWaterMark(): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const settle = () => {
  for (let i = 0; i < 3; i++) globalThis.gc?.();
};

const count = Number(process.env.BENCH_IMAGES);
const bytes = Number(process.env.BENCH_IMAGE_BYTES);
const model = createDashScope({
  apiKey: process.env.BENCH_API_KEY!,
  baseURL: `${process.env.BENCH_URL}/api/v1`,
}).rerankModel("qwen3-vl-rerank");

// Warm-up with two small images, so loading and compiling the code is part of the baseline.
await rerank({
  model,
  query: benchQuery,
  documents: [{ image: fakeImage(4096, false) }, { image: fakeImage(4096, true) }],
});
settle();
const baselineRss = process.memoryUsage.rss();
const images = Array.from({ length: count }, (_, index) => fakeImage(bytes, index % 2 === 1));
settle();
const buffersRss = process.memoryUsage.rss();

await ask("reset");
const exact = resetHighWaterMark();
const start = performance.now();
const result = await rerank({ model, query: benchQuery, documents: images.map((image) => ({ image })) });
const wallMs = performance.now() - start;
const sampled = await ask("peak");
const hwm = exact ? highWaterMark() : undefined;
const peakRss = Math.max(sampled, hwm ?? 0);

const report: MemoryChildResult = {
  baselineRss,
  buffersRss,
  peakRss,
  peakSource: hwm !== undefined && hwm >= sampled ? "VmHWM" : "2 ms sampler",
  wallMs,
  results: result.results.length,
  requests: result.requestCount,
};
await sampler.terminate();
// Exit explicitly: the provider's keep-alive sockets would hold the process open for seconds.
process.send?.(report, () => process.exit(0));
