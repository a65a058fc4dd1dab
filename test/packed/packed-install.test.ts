import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type RedisServerProcess,
  redisServerAvailable,
  startRedisServer,
} from "../../packages/redis/src/__tests__/start-redis-server.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const packages = ["core", "testing", "langchain", "llamaindex", "ai-sdk", "redis"];
const expected = {
  core: ["red running shoes", "trail running shoes"],
  langchain: ["red running shoes", "trail running shoes"],
  aiSdk: ["red running shoes", "trail running shoes"],
};

// How a user meets the packages: `pnpm pack`, then a plain npm install of the tarballs in a project outside the
// workspace, next to the frameworks from the registry. Runs after `pnpm test` has built every package.
describe("packed tarballs install and work in a fresh npm project", () => {
  const app = mkdtempSync(path.join(tmpdir(), "qwen-rerank-consumer-"));
  let redis: RedisServerProcess | undefined;

  beforeAll(async () => {
    if (redisServerAvailable()) redis = await startRedisServer();
    const tarballs: Record<string, string> = {};
    for (const name of packages) {
      await run("pnpm", ["pack", "--pack-destination", app], { cwd: path.join(root, "packages", name) });
      tarballs[name] = readdirSync(app).find(
        (file) => file.startsWith(`qwen-rerank-${name}-`) && file.endsWith(".tgz"),
      )!;
    }
    const dependencies = Object.fromEntries(
      packages.map((name) => [`@qwen-rerank/${name}`, `file:./${tarballs[name]}`]),
    );
    writeFileSync(
      path.join(app, "package.json"),
      JSON.stringify({
        name: "qwen-rerank-consumer",
        private: true,
        dependencies: {
          ...dependencies,
          "@langchain/core": "^1.4.0",
          "@langchain/classic": "^1.0.50",
          llamaindex: "0.12.1",
          ai: "^6.0.325",
          ioredis: "^6.0.0",
        },
        // The plugins depend on @qwen-rerank/core by version; point that at the local tarball, as a registry would.
        overrides: { "@qwen-rerank/core": `file:./${tarballs.core}` },
      }),
    );
    copyFileSync(path.join(root, "test/packed/consumer.mjs"), path.join(app, "consumer.mjs"));
    copyFileSync(path.join(root, "test/packed/consumer.cjs"), path.join(app, "consumer.cjs"));
    await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "--engine-strict=false"], {
      cwd: app,
      maxBuffer: 16 * 1024 * 1024,
    });
  }, 600_000);

  afterAll(async () => {
    await redis?.stop();
    rmSync(app, { recursive: true, force: true });
  });

  it.each(["consumer.mjs", "consumer.cjs"])(
    "%s reranks through the core, both plugins, the AI SDK and the Redis cache and limiter",
    async (script) => {
      const env = { ...process.env, ...(redis ? { REDIS_URL: redis.url } : {}) };
      const { stdout } = await run(process.execPath, [script], { cwd: app, env });
      const output = JSON.parse(stdout.trim().split("\n").at(-1)!);
      expect(output.format).toBe(script.endsWith(".mjs") ? "esm" : "cjs");
      expect(output.core).toEqual(expected.core);
      expect(output.langchain.map(([text]: [string]) => text)).toEqual(expected.langchain);
      for (const [, score] of output.langchain) expect(score).toBeGreaterThan(0);
      // The image node's file name carries the query's words, so it must survive the cut beside the matching text.
      expect(output.llamaindex.map(([type]: [string]) => type).sort()).toEqual(["IMAGE", "TEXT"]);
      expect(output.sentImage).toBe(true);
      // The AI SDK's rerank() (`ai` from npm) with the packed model, and a 401 as the SDK's own error class.
      expect(output.aiSdk.documents).toEqual(expected.aiSdk);
      expect(output.aiSdk.requestIds).toHaveLength(1);
      expect(output.aiSdk.unauthorized).toEqual({ isAPICallError: true, statusCode: 401, isRetryable: false });
      // @qwen-rerank/redis with ioredis from npm: the limiter lets the call through, the cache answers the second.
      if (redis) expect(output.redis).toEqual({ cached: [false, true], requests: [1, 0], same: true });
    },
    60_000,
  );
});
