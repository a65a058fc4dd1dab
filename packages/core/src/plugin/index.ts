// What the framework plugins and other packages built on the core share: `@qwen-rerank/core/plugin`. For their
// authors; apps use the packages.
export { sleep } from "../rerank/sleep.js";
export { createImageChooser, type ImageChooser } from "./image-chooser.js";
export { mediaFromMetadata, metadataMediaCandidates } from "./metadata-media.js";
export { modelFromOptions } from "./model-from-options.js";
export {
  callReport,
  type PluginHooks,
  type RerankCallReport,
  type RerankFailureReport,
} from "./plugin-hooks.js";
export { defaultImageMetadataKeys, defaultVideoMetadataKeys, type PluginOptions } from "./plugin-options.js";
export { type ResolvedPluginOptions, resolvePluginOptions } from "./plugin-options-schema.js";
export { rerankOrPassThrough } from "./rerank-or-pass-through.js";
