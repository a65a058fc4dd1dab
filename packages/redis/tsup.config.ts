import { definePackageConfig } from "../../tsup.base.js";

export default definePackageConfig(new URL(".", import.meta.url));
