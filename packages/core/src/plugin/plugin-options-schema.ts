import { z } from "zod";
import { pluginDefaults } from "../defaults.js";
import { parseOptions } from "../rerank/parse-options.js";
import { callSettingsShape } from "../rerank/rerank-options-schema.js";
import type { RerankModel } from "../spec/rerank-model.js";
import { modelFromOptions } from "./model-from-options.js";
import { pluginHooksShape } from "./plugin-hooks.js";
import { defaultImageMetadataKeys, defaultVideoMetadataKeys, type PluginOptions } from "./plugin-options.js";

const nonEmpty = z.string().trim().min(1);
const isModel = (value: unknown) =>
  (typeof value === "string" && value.trim() !== "") ||
  (typeof value === "object" && value !== null && typeof (value as RerankModel).doRerank === "function");
const isDispatcher = (value: unknown) =>
  typeof value === "object" && value !== null && typeof (value as { dispatch?: unknown }).dispatch === "function";

const { topN: _topN, scoreThreshold: _threshold, returnDocuments: _echo, ...passedThrough } = callSettingsShape;

/** The zod shape of `PluginOptions`: one set of checks and messages for both plugins. */
const pluginShape = {
  ...passedThrough,
  model: z
    .custom<string | RerankModel>(isModel, 'must be a model id such as "qwen3-vl-rerank" or a RerankModel')
    .optional(),
  apiKey: nonEmpty.optional(),
  baseURL: z.string().optional(),
  region: z.enum(["cn", "intl"]).optional(),
  workspace: nonEmpty.optional(),
  dispatcher: z
    .custom<NonNullable<PluginOptions["dispatcher"]>>(isDispatcher, "must be an undici Dispatcher")
    .optional(),
  topN: callSettingsShape.topN,
  scoreThreshold: callSettingsShape.scoreThreshold,
  onError: z.enum(["throw", "passthrough"]).optional(),
  imageMetadataKeys: z.array(nonEmpty).optional(),
  videoMetadataKeys: z.array(nonEmpty).optional(),
  invalidMedia: z.enum(["skip", "error"]).optional(),
  ...pluginHooksShape,
};

/** What a plugin works with once its options are checked: the model, its own settings and the call settings. */
export interface ResolvedPluginOptions<EXTRA> {
  rerankModel: RerankModel;
  topN: number;
  scoreThreshold: number | undefined;
  onError: "throw" | "passthrough";
  imageMetadataKeys: readonly string[];
  videoMetadataKeys: readonly string[];
  /** Passed to every `rerank()` call as they are; `invalidMedia` with the plugins' default. */
  callSettings: Omit<PluginOptions, keyof PluginOnlyOptions>;
  /** The plugin's own options, checked with the shape it passed in. */
  extra: EXTRA;
}

type PluginOnlyOptions = Pick<
  PluginOptions,
  "model" | "apiKey" | "baseURL" | "region" | "workspace" | "dispatcher" | "topN" | "scoreThreshold" | "onError"
> &
  Pick<PluginOptions, "imageMetadataKeys" | "videoMetadataKeys">;

const pluginOnlyKeys = [
  "model",
  "apiKey",
  "baseURL",
  "region",
  "workspace",
  "dispatcher",
  "topN",
  "scoreThreshold",
  "onError",
  ...Object.keys(pluginHooksShape),
];
const metadataKeys = ["imageMetadataKeys", "videoMetadataKeys"];

/**
 * Checks a plugin's constructor options, refusing the first bad one with an `InvalidArgumentError`, and resolves the
 * model. `extraShape` adds the plugin's own options; any other key is refused.
 */
export function resolvePluginOptions<EXTRA extends z.ZodRawShape>(
  options: unknown,
  extraShape: EXTRA,
): ResolvedPluginOptions<z.infer<z.ZodObject<EXTRA>>> {
  const checked = (options ?? {}) as Record<string, unknown>;
  parseOptions({ ...pluginShape, ...extraShape }, checked);
  const callSettings: Record<string, unknown> = { invalidMedia: pluginDefaults.invalidMedia };
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(checked)) {
    if (key in extraShape) extra[key] = value;
    else if (!pluginOnlyKeys.includes(key) && !metadataKeys.includes(key) && value !== undefined)
      callSettings[key] = value;
  }
  const plugin = checked as PluginOptions;
  return {
    rerankModel: modelFromOptions(plugin),
    topN: plugin.topN ?? pluginDefaults.topN,
    scoreThreshold: plugin.scoreThreshold,
    onError: plugin.onError ?? pluginDefaults.onError,
    imageMetadataKeys: plugin.imageMetadataKeys ?? defaultImageMetadataKeys,
    videoMetadataKeys: plugin.videoMetadataKeys ?? defaultVideoMetadataKeys,
    callSettings: callSettings as ResolvedPluginOptions<unknown>["callSettings"],
    extra: extra as z.infer<z.ZodObject<EXTRA>>,
  };
}
