import { InvalidArgumentError } from "@ai-sdk/provider";
import type { RerankModel } from "@qwen-rerank/core";
import type { QwenRerankCallDefaults } from "./qwen-rerank-options.js";
import { createQwenRerankingModel, type QwenRerankingModel } from "./qwen-reranking-model.js";
import { checkCallSettings } from "./resolve-call-settings.js";

/**
 * Any `@qwen-rerank/core` model as an AI SDK reranking model: `createVLLM({ baseURL }).rerankModel("Qwen/...")`,
 * `createDashScope(...).rerankModel(id, { api: "compatible" })`, or your own provider. Calls go through the core's
 * `rerank()` as with `qwenRerank`, with `settings` as the defaults of every call.
 *
 * @example
 * const model = fromRerankModel(createVLLM({ baseURL: "http://localhost:8000" }).rerankModel("Qwen/Qwen3-VL-Reranker-2B"));
 * await rerank({ model, query, documents });
 */
export function fromRerankModel(model: RerankModel, settings: QwenRerankCallDefaults = {}): QwenRerankingModel {
  if (typeof model !== "object" || model === null || typeof model.doRerank !== "function") {
    const message =
      'Invalid argument model: must be a @qwen-rerank/core RerankModel, e.g. createVLLM({ baseURL }).rerankModel("...").';
    throw new InvalidArgumentError({ argument: "model", message });
  }
  if (model.specificationVersion !== "v1") {
    const message = `Invalid argument model: specificationVersion ${JSON.stringify(model.specificationVersion)} is not the core's "v1"; pass a @qwen-rerank/core model (an AI SDK model goes to rerank() as it is).`;
    throw new InvalidArgumentError({ argument: "model", message });
  }
  checkCallSettings(settings, "settings.");
  return createQwenRerankingModel({
    provider: `${model.provider}.reranking`,
    modelId: model.modelId,
    rerankModel: () => model,
    defaults: settings,
  });
}
