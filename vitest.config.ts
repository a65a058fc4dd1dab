import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources; the built dist is exercised by the ESM/CJS consumer tests.
    alias: {
      "@qwen-rerank/core": src("core"),
      "@qwen-rerank/testing": src("testing"),
      "@qwen-rerank/langchain": src("langchain"),
      "@qwen-rerank/llamaindex": src("llamaindex"),
    },
  },
  define: { __PACKAGE_VERSION__: JSON.stringify("0.0.0-test") },
  test: {
    include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts", "examples/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "**/*.int.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
