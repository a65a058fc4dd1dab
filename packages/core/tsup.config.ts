import { definePackageConfig } from "../../tsup.base.js";

export default definePackageConfig(new URL(".", import.meta.url), {
  entry: { index: "src/index.ts", "plugin/index": "src/plugin/index.ts", "test/index": "src/test/index.ts" },
  // p-limit and its queue are ESM-only; bundling them keeps the CommonJS build loadable on Node 20.18.
  noExternal: ["p-limit", "yocto-queue"],
});
