// What both framework plugins share: `@qwen-rerank/core/plugin`. For plugin authors; apps use the plugins.
export { mediaFromMetadata } from "./metadata-media.js";
export { modelFromOptions } from "./model-from-options.js";
export { defaultImageMetadataKeys, defaultVideoMetadataKeys, type PluginOptions } from "./plugin-options.js";
export { type ResolvedPluginOptions, resolvePluginOptions } from "./plugin-options-schema.js";
export { rerankOrPassThrough } from "./rerank-or-pass-through.js";
