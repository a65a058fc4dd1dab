// Exercises the built package (run `pnpm -r --filter "./packages/**" run build` first), as users load it.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type RerankServer, startRerankServer } from "@qwen-rerank/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedRanking } from "./test-fixtures.js";

const run = promisify(execFile);
const dist = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));
const consumer = (file: string) => fileURLToPath(new URL(`./__consumers__/${file}`, import.meta.url));
const built = ["index.js", "index.cjs", "index.d.ts", "index.d.cts"].every((file) => existsSync(dist(file)));

describe("the built package", () => {
  it("exists (build it before running these tests)", () => {
    expect(built, `missing ${dist("")}: run pnpm -r --filter "./packages/**" run build`).toBe(true);
  });

  it.runIf(built)("has no runtime import of llamaindex or @llamaindex/*, in ESM or CJS", () => {
    // Type-only imports keep LlamaIndex's exact version pins out of our install (snag S1) and avoid a second copy (S3).
    const runtimeImport = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["'](?:@llamaindex\/[^"']*|llamaindex(?:\/[^"']*)?)["']/m;
    for (const file of ["index.js", "index.cjs"]) {
      const code = readFileSync(dist(file), "utf8");
      expect(code, file).not.toMatch(runtimeImport);
      expect(code, `${file} should still load the core`).toMatch(/["']@qwen-rerank\/core["']/);
    }
    // The pattern itself must catch both spellings, or the check above proves nothing.
    expect('import { TextNode } from "@llamaindex/core/schema";').toMatch(runtimeImport);
    expect('const x = require("llamaindex");').toMatch(runtimeImport);
  });

  it.runIf(built)("declares the rerank events for LlamaIndex's event map in its types", () => {
    for (const file of ["index.d.ts", "index.d.cts"]) {
      expect(readFileSync(dist(file), "utf8")).toMatch(/declare module ["']@llamaindex\/core\/global["'][\s\S]*"rerank-end"/);
    }
  });
});

describe.runIf(built)("ESM and CommonJS consumers", () => {
  let server: RerankServer;
  beforeAll(async () => {
    server = await startRerankServer();
  });
  afterAll(() => server.close());

  const query = "cat food allergy";
  const documents = [
    { text: "The weather forecast for the weekend." },
    { text: "Cat food allergy symptoms include itching." },
    { image: "https://img.example.com/cat-food-bowl.png" },
  ];
  const ids = ["weather", "allergy", "apple"];

  it.each(["esm.mjs", "cjs.cjs"])("%s reranks through the built package against the server", async (file) => {
    const before = server.calls.length;
    const { stdout } = await run(process.execPath, [consumer(file)], {
      env: { ...process.env, QWEN_RERANK_BASE_URL: `${server.url}/api/v1` },
      timeout: 8_000,
    });
    const output = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      format: string;
      ids: string[];
      scores: number[];
      retrievalScores: number[];
      error: unknown;
    };
    const expected = expectedRanking(query, documents, 2);
    expect(output).toEqual({
      format: file.startsWith("esm") ? "esm" : "cjs",
      ids: expected.map(({ index }) => ids[index]),
      scores: expected.map(({ score }) => score),
      retrievalScores: expected.map(({ index }) => [0.9, 0.5, 0.4][index]),
      error: { typed: true, status: 401 },
    });
    expect(server.calls.length - before).toBe(2);
  });
});
