import type { RerankingModelV3, RerankingModelV3CallOptions } from "@ai-sdk/provider";
import { type RerankModel, rerank } from "@qwen-rerank/core";
import type { QwenRerankCallDefaults } from "./qwen-rerank-options.js";
import { resolveCallSettings } from "./resolve-call-settings.js";
import { toAISDKError } from "./to-ai-sdk-error.js";
import { toRerankDocuments } from "./to-rerank-documents.js";
import { type RerankingResult, toRerankingResult } from "./to-reranking-result.js";

/**
 * A reranking model of the AI SDK (specification v3, which `ai` 6 takes and `ai` 7 adapts) over a
 * `@qwen-rerank/core` model: every call is one `rerank()` of the core, which batches past the API's limits, retries
 * within the provider's retry budget, paces, caches and resolves media.
 */
export interface QwenRerankingModel extends RerankingModelV3 {
  readonly specificationVersion: "v3";
  /** `"dashscope.reranking"`, or the core model's provider id + `".reranking"`. */
  readonly provider: string;
  readonly modelId: string;
  /** One AI SDK call: however many requests the core needs, their rankings merged into one. */
  doRerank(options: RerankingModelV3CallOptions): Promise<RerankingResult>;
}

/** What a `QwenRerankingModel` is built from. */
export interface QwenRerankingModelConfig {
  provider: string;
  modelId: string;
  /** The core model, created on the first call (so a default provider never reads the environment on import). */
  rerankModel: () => RerankModel;
  defaults: QwenRerankCallDefaults;
}

/**
 * A plain object whose `doRerank` uses no `this`: `ai` 7 calls a v3 model through a `Proxy`, where a class's
 * private fields would throw. The core model and the defaults stay in the closure, out of JSON and `inspect`.
 */
export function createQwenRerankingModel(config: QwenRerankingModelConfig): QwenRerankingModel {
  const { rerankModel, defaults } = config;
  return {
    specificationVersion: "v3",
    provider: config.provider,
    modelId: config.modelId,
    async doRerank(options) {
      try {
        const settings = resolveCallSettings(defaults, options);
        const { documents, warnings } = toRerankDocuments(options.documents);
        // The core refuses an empty list; the SDK's rerank() answers one itself, and so does this for direct callers.
        if (documents.length === 0) return { ranking: [], warnings };
        const result = await rerank({ ...settings, model: rerankModel(), query: options.query, documents });
        return toRerankingResult(result, warnings);
      } catch (error) {
        throw toAISDKError(error);
      }
    },
  };
}
