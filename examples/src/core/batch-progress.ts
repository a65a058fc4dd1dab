/**
 * A thousand candidates in one call: the core splits them by the model's limits (qwen3-vl-rerank: 100 text documents
 * per request), sends the requests in parallel, reports each finished request through `onProgress`, and merges the
 * answers into one ranking. A second identical call is answered by the cache.
 *   pnpm --filter examples run batch-progress
 */
import { type RerankProgress, rerank } from "@qwen-rerank/core";
import { run } from "../lib/run.js";
import { score, table } from "../lib/table.js";

const products = ["tent", "backpack", "jacket", "boot", "shoe", "bottle", "headlamp", "kayak", "sleeping bag", "stove"];
const colours = ["red", "blue", "green", "yellow", "black", "orange", "grey", "white", "purple", "brown"];
const features = [
  "waterproof",
  "lightweight",
  "insulated",
  "recycled",
  "packable",
  "reflective",
  "breathable",
  "rugged",
  "compact",
  "foldable",
];

// 1,000 distinct, deterministic product blurbs.
const documents = Array.from({ length: 1000 }, (_, i) => {
  const product = products[i % 10]!;
  const colour = colours[Math.floor(i / 10) % 10]!;
  const feature = features[Math.floor(i / 100) % 10]!;
  return `Item ${i + 1}: a ${feature} ${colour} ${product} for day hikes and weekend trips.`;
});

function progressBar({ completedBatches, totalBatches, completedDocuments, totalDocuments }: RerankProgress): string {
  const width = 20;
  const filled = Math.round((completedDocuments / totalDocuments) * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] request ${completedBatches}/${totalBatches}, ${completedDocuments}/${totalDocuments} documents`;
}

run(
  async ({ model }) => {
    const query = "waterproof yellow jacket";
    const started = performance.now();
    const first = await rerank({
      model,
      query,
      documents,
      topN: 5,
      maxParallelCalls: 4,
      cache: true,
      onProgress: (progress) => console.log(progressBar(progress)),
    });
    const elapsed = Math.round(performance.now() - started);
    console.log(
      `\n${first.requestCount} requests in ${elapsed} ms, ${first.usage.totalTokens} tokens. Top 5 of ${documents.length}:\n`,
    );
    console.log(
      table(
        ["rank", "index", "score", "document"],
        first.results.map((result, rank) => [rank + 1, result.index, score(result.score), result.document]),
      ),
    );

    const again = await rerank({
      model,
      query,
      documents,
      topN: 5,
      cache: true,
      onProgress: () => console.log("(not called: no request is sent)"),
    });
    console.log(
      `\nsame call again: cached=${again.cached}, requests=${again.requestCount}, tokens=${again.usage.totalTokens}, same order=${again.results.every((result, i) => result.index === first.results[i]!.index)}`,
    );
  },
  // Offline, a little latency per request makes the parallel progress visible.
  { latencyMs: 20 },
);
