import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expectedRanking } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { describe, expect, it } from "vitest";

// These run the built dist/ (the root test command builds first), so they prove what npm users get: the consumer
// scripts import @qwen-rerank/langchain by name, which resolves through test/package.json to its dist via `exports`.
const run = promisify(execFile);
const query = "running shoes";
const texts = ["red running shoes", "pasta recipes", "trail running shoes"];

const rerank = useRerankServer();

describe("module formats", () => {
  const expected = expectedRanking(query, texts, { topN: 2 }).map(({ index, score }) => [String(index), score]);

  it.each([
    ["esm", "esm.mjs"],
    ["cjs", "cjs.cjs"],
  ])("works from a %s consumer", async (format, file) => {
    const script = fileURLToPath(new URL(`./consumers/langchain/${file}`, import.meta.url));
    const { stdout } = await run(process.execPath, [script], {
      env: { ...process.env, QWEN_RERANK_BASE_URL: rerank.baseURL },
    });
    expect(JSON.parse(stdout)).toEqual({ format, isCompressor: true, results: expected, invalid: true });
  });
});
