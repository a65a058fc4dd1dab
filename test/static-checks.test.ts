import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const packages = ["core", "testing", "langchain", "llamaindex"];
const exec = async (command: string, args: string[], cwd = root) => {
  try {
    const { stdout, stderr } = await run(command, args, { cwd, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
};

// The packages are built by `pnpm test` before vitest starts; these checks read the builds.
describe("static checks", () => {
  it("lints and formats clean with Biome, with no circular imports", async () => {
    const result = await exec("pnpm", ["run", "--silent", "lint"]);
    expect(result.output, result.output).not.toMatch(/error/i);
    expect(result.code, result.output).toBe(0);
  }, 120_000);

  it("type-checks strictly: packages, their tests, examples and test/", async () => {
    const result = await exec("pnpm", ["run", "--silent", "typecheck"]);
    expect(result.code, result.output).toBe(0);
  }, 300_000);

  it.each(packages)(
    "@qwen-rerank/%s passes publint",
    async (name) => {
      const result = await exec("pnpm", ["exec", "publint", "--strict"], `${root}packages/${name}`);
      expect(result.code, result.output).toBe(0);
    },
    120_000,
  );

  it.each(packages)(
    "@qwen-rerank/%s passes Are the Types Wrong",
    async (name) => {
      const result = await exec("pnpm", ["exec", "attw", "--pack", ".", "--format", "ascii"], `${root}packages/${name}`);
      expect(result.code, result.output).toBe(0);
    },
    120_000,
  );
});
