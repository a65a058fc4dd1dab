import { createDashScope, type DashScopeProviderSettings } from "../dashscope/dashscope-provider.js";
import { pluginDefaults } from "../defaults.js";
import { InvalidArgumentError } from "../spec/errors/invalid-argument-error.js";
import type { RerankModel } from "../spec/rerank-model.js";
import { resolveModel } from "../spec/resolve-model.js";
import type { PluginOptions } from "./plugin-options.js";

const providerKeys = ["apiKey", "baseURL", "region", "workspace", "dispatcher"] as const;

/**
 * The plugin's model: a DashScope model for an id (one provider per plugin, so its keep-alive agent is shared by
 * every call), or the `RerankModel` given, next to which the provider options would mean nothing.
 */
export function modelFromOptions(options: PluginOptions): RerankModel {
  const { model = pluginDefaults.model } = options;
  if (typeof model !== "string") {
    const misplaced = providerKeys.filter((key) => options[key] !== undefined);
    if (misplaced.length > 0) {
      throw new InvalidArgumentError({
        argument: misplaced.join(", "),
        message:
          "configures the DashScope provider, so it is not used with a ready-made RerankModel; set it on that model's provider.",
      });
    }
    return resolveModel(model);
  }
  const settings: DashScopeProviderSettings = {};
  for (const key of providerKeys) if (options[key] !== undefined) Object.assign(settings, { [key]: options[key] });
  return createDashScope(settings).rerankModel(model);
}
