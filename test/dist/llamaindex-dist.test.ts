// Exercises the built package (run `pnpm run build` at the root first), as users load it: the consumer scripts
// import it by name, which resolves through test/package.json's workspace dependency to its dist via `exports`.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expectedRanking } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = new URL("../../", import.meta.url);
const dist = (file: string) => fileURLToPath(new URL(`packages/llamaindex/dist/${file}`, root));
const consumer = (file: string) => fileURLToPath(new URL(`./consumers/llamaindex/${file}`, import.meta.url));
const built = ["index.js", "index.cjs", "index.d.ts", "index.d.cts"].every((file) => existsSync(dist(file)));

describe("the built package", () => {
  it("exists (build it before running these tests)", () => {
    expect(built, `missing ${dist("")}: run pnpm run build`).toBe(true);
  });

  it.runIf(built)("has no runtime import of llamaindex or @llamaindex/*, in ESM or CJS", () => {
    // Type-only imports keep LlamaIndex's exact version pins out of our install (docs/frameworks.md S1) and avoid a second copy (S3).
    const runtimeImport =
      /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["'](?:@llamaindex\/[^"']*|llamaindex(?:\/[^"']*)?)["']/m;
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
      expect(readFileSync(dist(file), "utf8")).toMatch(
        /declare module ["']@llamaindex\/core\/global["'][\s\S]*"rerank-end"/,
      );
    }
  });
});

describe.runIf(built)("ESM and CommonJS consumers", () => {
  const rerank = useRerankServer();

  const query = "cat food allergy";
  const documents = [
    { text: "The weather forecast for the weekend." },
    { text: "Cat food allergy symptoms include itching." },
    { image: "https://img.example.com/cat-food-bowl.png" },
  ];
  const ids = ["weather", "allergy", "apple"];

  it.each(["esm.mjs", "cjs.cjs"])("%s reranks through the built package against the server", async (file) => {
    const before = rerank.server.calls.length;
    const { stdout } = await run(process.execPath, [consumer(file)], {
      env: { ...process.env, QWEN_RERANK_BASE_URL: rerank.baseURL },
      timeout: 8_000,
    });
    const output = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      format: string;
      ids: string[];
      scores: number[];
      retrievalScores: number[];
      error: unknown;
    };
    const expected = expectedRanking(query, documents, { topN: 2 });
    expect(output).toEqual({
      format: file.startsWith("esm") ? "esm" : "cjs",
      ids: expected.map(({ index }) => ids[index]),
      scores: expected.map(({ score }) => score),
      retrievalScores: expected.map(({ index }) => [0.9, 0.5, 0.4][index]),
      error: { typed: true, status: 401 },
    });
    expect(rerank.server.calls.length - before).toBe(2);
  });
});
