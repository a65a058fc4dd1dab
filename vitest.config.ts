import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources; the built dist is exercised by the ESM/CJS consumer tests.
    alias: {
      // Subpaths before their package, which would otherwise match them too.
      "@qwen-rerank/core/plugin": fileURLToPath(new URL("./packages/core/src/plugin/index.ts", import.meta.url)),
      "@qwen-rerank/core/test": fileURLToPath(new URL("./packages/core/src/test/index.ts", import.meta.url)),
      "@qwen-rerank/core": src("core"),
      "@qwen-rerank/testing/vitest": fileURLToPath(new URL("./packages/testing/src/vitest/index.ts", import.meta.url)),
      "@qwen-rerank/testing": src("testing"),
      "@qwen-rerank/langchain": src("langchain"),
      "@qwen-rerank/llamaindex": src("llamaindex"),
      "@qwen-rerank/ai-sdk": src("ai-sdk"),
      "@qwen-rerank/redis": src("redis"),
    },
  },
  define: { __PACKAGE_VERSION__: JSON.stringify("0.0.0-test") },
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts", "examples/**/*.test.ts"],
    // The packages' build output, not test/dist (the tests of that build output).
    exclude: ["**/node_modules/**", "packages/*/dist/**", "**/*.int.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
