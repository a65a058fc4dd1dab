import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Issue "Reach" (3): the README's events example must type-check when the app holds two copies of @llamaindex/core,
// as npm installs them for llamaindex 0.12.1 (which pins 0.6.22) next to a direct 0.6.23. The fixture folder is a
// real npm project, installed from the registry in a temp folder with the packed (built) packages.

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const fixture = fileURLToPath(new URL("./llamaindex-two-cores/", import.meta.url));
const tsc = path.join(root, "node_modules/typescript/bin/tsc");
const packages = ["core", "llamaindex"] as const;
const built = packages.every((name) => existsSync(path.join(root, "packages", name, "dist/index.d.ts")));

/** The TypeScript block of the README's Events section, as a user would paste it. */
function readmeEventsExample(): string {
  const readme = readFileSync(path.join(root, "packages/llamaindex/README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## Events"));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error("packages/llamaindex/README.md has no ts block under ## Events");
  return block;
}

const versionOf = (app: string, folder: string) =>
  (JSON.parse(readFileSync(path.join(app, folder, "package.json"), "utf8")) as { version: string }).version;

const typeCheck = async (cwd: string) => {
  try {
    await run(process.execPath, [tsc, "-p", "."], { cwd });
    return "";
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
};

describe("two copies of @llamaindex/core in one app", () => {
  const app = mkdtempSync(path.join(tmpdir(), "qwen-rerank-two-cores-"));
  let unreachable: string | undefined;

  beforeAll(async () => {
    if (!built) return;
    try {
      await run("npm", ["view", "llamaindex@0.12.1", "version", "--fetch-retries=0"], { timeout: 20_000 });
    } catch (error) {
      unreachable = `the npm registry is unreachable (${(error as Error).message.split("\n")[0]})`;
      if (process.env.CI) throw new Error(`${unreachable}; CI needs it`);
      return;
    }
    const tarballs: Record<string, string> = {};
    for (const name of packages) {
      await run("pnpm", ["pack", "--pack-destination", app], { cwd: path.join(root, "packages", name) });
      tarballs[name] = readdirSync(app).find((file) => file.startsWith(`qwen-rerank-${name}-`))!;
    }
    const manifest = JSON.parse(readFileSync(path.join(fixture, "package.json"), "utf8"));
    manifest.dependencies["@qwen-rerank/llamaindex"] = `file:./${tarballs.llamaindex}`;
    // The plugin depends on @qwen-rerank/core by version; point that at the local tarball, as a registry would.
    manifest.overrides = { "@qwen-rerank/core": `file:./${tarballs.core}` };
    writeFileSync(path.join(app, "package.json"), JSON.stringify(manifest));
    copyFileSync(path.join(fixture, "tsconfig.json"), path.join(app, "tsconfig.json"));
    writeFileSync(path.join(app, "events-example.ts"), readmeEventsExample());
    await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "--engine-strict=false"], {
      cwd: app,
      maxBuffer: 16 * 1024 * 1024,
    });
  }, 300_000);

  afterAll(() => rmSync(app, { recursive: true, force: true }));

  it("needs the built packages (pnpm run build)", () => {
    expect(built, "missing packages/*/dist: run pnpm run build").toBe(true);
  });

  it.runIf(built)("really has two copies: llamaindex's own 0.6.22 nested, 0.6.23 at the top", (context) => {
    context.skip(unreachable !== undefined, `skipped: ${unreachable}`);
    expect(versionOf(app, "node_modules/@llamaindex/core")).toBe("0.6.23");
    expect(versionOf(app, "node_modules/llamaindex/node_modules/@llamaindex/core")).toBe("0.6.22");
  });

  it.runIf(built)(
    "type-checks the README's events example with tsc",
    async (context) => {
      context.skip(unreachable !== undefined, `skipped: ${unreachable}`);
      expect(readFileSync(path.join(app, "events-example.ts"), "utf8")).toMatch(/\.on\("rerank-end"/);
      expect(await typeCheck(app)).toBe("");
    },
    60_000,
  );

  it.runIf(built)(
    "would fail without the event map for llamaindex's own copy (so the check above is real)",
    async (context) => {
      context.skip(unreachable !== undefined, `skipped: ${unreachable}`);
      const types = path.join(app, "node_modules/@qwen-rerank/llamaindex/dist/index.d.ts");
      const original = readFileSync(types, "utf8");
      const augmentation = /declare module ["']llamaindex["'] \{[\s\S]*?\n\}\n/;
      expect(original).toMatch(augmentation);
      try {
        writeFileSync(types, original.replace(augmentation, ""));
        expect(await typeCheck(app)).toMatch(/TS2345: Argument of type '"rerank-end"' is not assignable/);
      } finally {
        writeFileSync(types, original);
      }
    },
    60_000,
  );
});
