import { InvalidArgumentError, NoSuchModelError, type ProviderV3 } from "@ai-sdk/provider";
import {
  createDashScope,
  type DashScopeProvider,
  type DashScopeProviderSettings,
  type DashScopeRerankModelId,
} from "@qwen-rerank/core";
import { once } from "./once.js";
import type { QwenRerankModelSettings } from "./qwen-rerank-options.js";
import { createQwenRerankingModel, type QwenRerankingModel } from "./qwen-reranking-model.js";
import { checkCallSettings } from "./resolve-call-settings.js";
import { toAISDKError } from "./to-ai-sdk-error.js";

/** Settings of `createQwenRerank()`: those of the core's `createDashScope()`. */
export interface QwenRerankProviderSettings extends DashScopeProviderSettings {}

/**
 * An AI SDK provider (specification v3) of DashScope's reranking models. It has reranking models only: the other
 * model kinds throw `NoSuchModelError`, so it can sit in `createProviderRegistry()` next to other providers.
 */
export interface QwenRerankProvider extends ProviderV3 {
  /** A reranking model for the AI SDK's `rerank()`. */
  reranking(modelId: DashScopeRerankModelId, settings?: QwenRerankModelSettings): QwenRerankingModel;
  /** The same as `reranking()`, under the name `ProviderV3` and `createProviderRegistry()` use. */
  rerankingModel(modelId: DashScopeRerankModelId, settings?: QwenRerankModelSettings): QwenRerankingModel;
  /** Throws `NoSuchModelError`: DashScope's language models are `@ai-sdk/alibaba`'s. */
  languageModel(modelId: string): never;
  /** Throws `NoSuchModelError`. */
  embeddingModel(modelId: string): never;
  /** Throws `NoSuchModelError`. */
  imageModel(modelId: string): never;
}

/**
 * Creates a provider of DashScope reranking models for the AI SDK. The settings are checked now; the API key is read
 * on the first request (`apiKey`, else `DASHSCOPE_API_KEY`). All its models share one keep-alive agent and one
 * retry budget.
 */
export function createQwenRerank(settings: QwenRerankProviderSettings = {}): QwenRerankProvider {
  let core: DashScopeProvider;
  try {
    core = createDashScope(settings);
  } catch (error) {
    throw toAISDKError(error);
  }
  return providerOver(() => core);
}

/**
 * The default provider: `createQwenRerank()` with no settings, made on the first request, so importing it never
 * reads the environment or fails (`DASHSCOPE_API_KEY`, `DASHSCOPE_HTTP_BASE_URL`).
 */
export const qwenRerank: QwenRerankProvider = /* @__PURE__ */ providerOver(once(() => createDashScope()));

function providerOver(core: () => DashScopeProvider): QwenRerankProvider {
  const reranking = (modelId: DashScopeRerankModelId, settings: QwenRerankModelSettings = {}) => {
    const { api, ...defaults } = settings;
    if (api !== undefined && api !== "native" && api !== "compatible") {
      const message = 'Invalid argument settings.api: must be one of "native", "compatible".';
      throw new InvalidArgumentError({ argument: "settings.api", message });
    }
    checkCallSettings(defaults, "settings.");
    return createQwenRerankingModel({
      provider: "dashscope.reranking",
      modelId,
      rerankModel: once(() => core().rerankModel(modelId, api === undefined ? {} : { api })),
      defaults,
    });
  };
  const noSuchModel = (modelType: "languageModel" | "embeddingModel" | "imageModel") => (modelId: string) => {
    throw new NoSuchModelError({ modelId, modelType });
  };
  return {
    specificationVersion: "v3",
    reranking,
    rerankingModel: reranking,
    languageModel: noSuchModel("languageModel"),
    embeddingModel: noSuchModel("embeddingModel"),
    imageModel: noSuchModel("imageModel"),
  };
}
