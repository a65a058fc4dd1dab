import { definePackageConfig } from "../../tsup.base.js";

export default definePackageConfig(new URL(".", import.meta.url), {
  entry: ["src/index.ts", "src/cli.ts", "src/vitest/index.ts"],
});
