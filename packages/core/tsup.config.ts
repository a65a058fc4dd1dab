import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  // tsup's declaration bundler cannot work inside a composite project.
  dts: { compilerOptions: { composite: false } },
  clean: true,
  sourcemap: true,
  target: "node20",
  // p-limit and its queue are ESM-only; bundling them keeps the CommonJS build loadable on Node 20.18.
  noExternal: ["p-limit", "yocto-queue"],
  define: { __PACKAGE_VERSION__: JSON.stringify(version) },
});
