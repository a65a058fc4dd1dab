import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { lexicalScore, type RerankServer, startRerankServer } from "@qwen-rerank/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// These run the built dist/ (the root test command builds first), so they prove what npm users get.
const run = promisify(execFile);
const query = "running shoes";
const texts = ["red running shoes", "pasta recipes", "trail running shoes"];

let server: RerankServer;
beforeAll(async () => {
  server = await startRerankServer();
});
afterAll(() => server.close());

describe("module formats", () => {
  const expected = texts
    .map((text, index) => [String(index), lexicalScore(query, text)] as const)
    .sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]))
    .slice(0, 2);

  it.each([
    ["esm", "esm.mjs"],
    ["cjs", "cjs.cjs"],
  ])("works from a %s consumer", async (format, file) => {
    const script = fileURLToPath(new URL(`./__consumers__/${file}`, import.meta.url));
    const { stdout } = await run(process.execPath, [script], { env: { ...process.env, QWEN_RERANK_BASE_URL: `${server.url}/api/v1` } });
    expect(JSON.parse(stdout)).toEqual({ format, isCompressor: true, results: expected, invalid: true });
  });
});
