import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

// `pnpm test:live`: only the tests that call the real API; they skip themselves without DASHSCOPE_API_KEY.
export default defineConfig({
  ...base,
  test: { ...base.test, include: ["**/*.int.test.ts"], exclude: ["**/node_modules/**", "**/dist/**"] },
});
