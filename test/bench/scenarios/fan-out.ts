import { createDashScope, rerank } from "@qwen-rerank/core";
import type { BenchConfig } from "../bench-config.js";
import { benchQuery, mixedDocuments } from "../lib/payloads.js";
import type { ScenarioResult } from "../lib/scenario-result.js";
import { median, p95 } from "../lib/stats.js";
import { startBenchServer } from "../server/start-bench-server.js";

const goal = 1.2;

/**
 * Scenario 3: 1,000 mixed documents on qwen3-vl-rerank against a server that adds `latencyMs` to every answer.
 * The ideal is one `latencyMs` per wave of `maxParallelCalls` requests, with the batch count read from the server.
 */
export async function fanOut(config: BenchConfig["fanOut"]): Promise<ScenarioResult> {
  const server = await startBenchServer({ latencyMs: config.latencyMs });
  try {
    const model = createDashScope({ apiKey: server.apiKey, baseURL: `${server.url}/api/v1` }).rerankModel(
      "qwen3-vl-rerank",
    );
    const documents = mixedDocuments(config.texts, config.images, config.videos);
    const call = () => rerank({ model, query: benchQuery, documents, maxParallelCalls: config.maxParallelCalls });
    await call(); // warm-up: opens the keep-alive sockets and compiles the code paths
    const walls: number[] = [];
    const batchCounts: number[] = [];
    let documentsSent = 0;
    for (let repetition = 0; repetition < config.repetitions; repetition++) {
      await server.reset();
      const start = performance.now();
      const result = await call();
      walls.push(performance.now() - start);
      const served = await server.stats();
      batchCounts.push(served.requests);
      documentsSent = served.documents;
      if (result.results.length !== documents.length)
        throw new Error(`fan-out: ${result.results.length} results for ${documents.length} documents`);
    }
    const batches = Math.max(...batchCounts);
    const waves = Math.ceil(batches / config.maxParallelCalls);
    const idealMs = waves * config.latencyMs;
    const wallMs = median(walls);
    const ratio = wallMs / idealMs;
    return {
      id: "fan-out",
      title: `3. fan-out, ${documents.length} mixed docs, +${config.latencyMs} ms, maxParallelCalls ${config.maxParallelCalls}`,
      goal: `wall ≤ ${goal.toFixed(1)}× ideal`,
      pass: ratio <= goal,
      rows: [
        {
          label: "rerank() wall time",
          median: wallMs,
          unit: "ms",
          p95Ms: p95(walls),
          ratio,
          ratioOf: "ideal",
          note: `${batches} batches → ${waves} waves × ${config.latencyMs} ms = ${idealMs} ms ideal; ${documentsSent} docs sent`,
        },
      ],
      metrics: {
        wallMs,
        idealMs,
        ratio,
        batches,
        waves,
        documentsGiven: documents.length,
        documentsSent,
        repetitions: config.repetitions,
      },
    };
  } finally {
    await server.close();
  }
}
