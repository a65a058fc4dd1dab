import { readFileSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

/** The build every package shares: ESM + CommonJS with declarations, its version injected for the User-Agent. */
export function definePackageConfig(packageUrl: URL, overrides: Options = {}) {
  const { version } = JSON.parse(readFileSync(new URL("./package.json", packageUrl), "utf8")) as { version: string };
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    // tsup's declaration bundler cannot work inside a composite project.
    dts: { compilerOptions: { composite: false } },
    clean: true,
    sourcemap: true,
    target: "node20",
    define: { __PACKAGE_VERSION__: JSON.stringify(version) },
    ...overrides,
  });
}
