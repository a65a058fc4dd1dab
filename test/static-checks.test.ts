import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import {
  pluginDefaults,
  rateLimiterDefaults,
  rerankDefaults,
  retryDefaults,
  vllmDefaults,
} from "../packages/core/src/defaults.js";
import { asDocumented, documentedDefaults } from "./support/jsdoc-defaults.js";
import { oversized, shippedSources } from "./support/source-size.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const packages = ["core", "testing", "langchain", "llamaindex", "ai-sdk", "redis"];
const git = (args: string[]) =>
  run("git", args, { cwd: root, maxBuffer: 32 * 1024 * 1024 }).then(({ stdout }) => stdout);
const exec = async (command: string, args: string[], cwd = root) => {
  try {
    const { stdout, stderr } = await run(command, args, {
      cwd,
      maxBuffer: 32 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    });
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
      const result = await exec(
        "pnpm",
        ["exec", "attw", "--pack", ".", "--format", "ascii"],
        `${root}packages/${name}`,
      );
      expect(result.code, result.output).toBe(0);
    },
    120_000,
  );

  it("keeps shipped code readable on a screen: no file over 200 lines, no function over 60", () => {
    const files = shippedSources(root);
    expect(files.length).toBeGreaterThan(50);
    expect(
      oversized(files, 200, 60).map(({ file, what, lines }) => `${file.slice(root.length)} ${what}: ${lines}`),
    ).toEqual([]);
  });

  it("cites only files the repository holds, and nothing of the sort where users see it", async () => {
    const tracked = (await git(["ls-files", "--cached", "--others", "--exclude-standard"]))
      .split("\n")
      .filter((name) => name !== "" && existsSync(`${root}${name}`));
    const cited = /[\w./-]*[\w-]+\.md\b/g;
    const dangling: string[] = [];
    for (const file of tracked.filter((name) => /^(packages|examples|test)\/.*\.(ts|mts|cts|js|mjs|cjs)$/.test(name))) {
      for (const reference of readFileSync(`${root}${file}`, "utf8").match(cited) ?? []) {
        const name = reference.replace(/^\.\.?\//, "");
        if (!tracked.some((path) => path === name || path.endsWith(`/${name}`))) dangling.push(`${file}: ${reference}`);
      }
    }
    expect(dangling).toEqual([]);
    // Shipped declarations and the strings that become messages must cite public URLs only.
    for (const name of packages) {
      const dist = `${root}packages/${name}/dist`;
      for (const file of (await git(["ls-files", "--others", "--ignored", "--exclude-standard", dist])).split("\n")) {
        if (!file.endsWith(".d.ts") && !file.endsWith(".d.cts")) continue;
        expect(readFileSync(`${root}${file}`, "utf8"), file).not.toMatch(/\.md\b|docs\/|§/);
      }
    }
    for (const file of shippedSources(root)) {
      const literals = readFileSync(file, "utf8").match(/(["'`])(?:(?!\1)[^\\\n]|\\.)*\1/g) ?? [];
      expect(
        literals.filter((literal) => /\.md\b|§/.test(literal)),
        file,
      ).toEqual([]);
    }
  });

  it("documents every default as the defaults module sets it", () => {
    const core = `${root}packages/core/src`;
    const cases: Array<[string, string, Record<string, unknown>]> = [
      [`${core}/rerank/rerank-options.ts`, "RerankCallSettings", rerankDefaults],
      [
        `${core}/rerank/retry-with-backoff.ts`,
        "RetrySettings",
        { ...retryDefaults, maxRetries: rerankDefaults.maxRetries },
      ],
      [`${core}/plugin/plugin-options.ts`, "PluginOptions", pluginDefaults],
      [`${core}/vllm/vllm-provider.ts`, "VLLMModelSettings", vllmDefaults],
      [`${core}/rerank/rate-limiter.ts`, "RateLimiterOptions", rateLimiterDefaults],
    ];
    let checked = 0;
    for (const [file, name, defaults] of cases) {
      const documented = documentedDefaults(file, name);
      for (const [option, value] of Object.entries(defaults)) {
        if (!documented.has(option)) continue;
        expect(documented.get(option), `${name}.${option}`).toBe(asDocumented(value));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it("gives, in the README, the two setup commands for a machine with only Node and npm, at the pinned pnpm", () => {
    const version = (JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { packageManager: string })
      .packageManager;
    const pnpm = `npx --yes ${version}`;
    const readme = readFileSync(`${root}README.md`, "utf8");
    expect(readme).toContain(`${pnpm} install && ${pnpm} demo`);
    expect(readme).toContain(`${pnpm} test`);
    // .ci/run runs the README's test command with the same pnpm, installed globally first.
    expect(readFileSync(`${root}.ci/run`, "utf8")).toMatch(/\npnpm test\n/);
  });
});
