import { definePackageConfig } from "../../tsup.base.js";

// p-limit and its queue are ESM-only; bundling them keeps the CommonJS build loadable on Node 20.18.
export default definePackageConfig(new URL(".", import.meta.url), { noExternal: ["p-limit", "yocto-queue"] });
