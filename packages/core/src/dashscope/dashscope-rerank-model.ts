import type { Dispatcher } from "undici";
import { createHttpRerankModel } from "../provider-kit/create-http-rerank-model.js";
import { InvalidArgumentError } from "../spec/errors/invalid-argument-error.js";
import type { ResolvedDocument } from "../spec/rerank-document.js";
import type { RerankModel, RerankModelCallOptions } from "../spec/rerank-model.js";
import type { RetryBudget } from "../spec/retry-budget.js";
import { dashscopeModelLimits, isMultimodalModelId } from "./dashscope-model-limits.js";
import { compatibleReader, nativeReader } from "./dashscope-readers.js";
import type {
  DashScopeCompatibleRequest,
  DashScopeDocument,
  DashScopeParameters,
  DashScopeRerankRequest,
} from "./dashscope-rerank-api.js";

/** What a DashScope model needs from its provider. */
export interface DashScopeProviderContext {
  baseURL: string;
  compatibleBaseURL: string;
  headers: () => Readonly<Record<string, string>>;
  dispatcher: () => Dispatcher;
  retryBudget: RetryBudget;
}

export interface DashScopeRerankModelSettings {
  /**
   * `"native"`: `/services/rerank/text-rerank/text-rerank`, every model. `"compatible"`: the OpenAI-compatible
   * `/compatible-api/v1/reranks`, documented for qwen3-rerank only. @default "native"
   */
  api?: "native" | "compatible";
}

const textOnly = { image: false, video: false, imageQuery: false, mixedDocuments: false };

export function createDashScopeRerankModel(
  modelId: string,
  context: DashScopeProviderContext,
  settings: DashScopeRerankModelSettings = {},
): RerankModel {
  const { headers, dispatcher, retryBudget } = context;
  const shared = { provider: "dashscope", modelId, headers, dispatcher, retryBudget };
  const limits = dashscopeModelLimits(modelId);
  if (settings.api === "compatible") {
    if (isMultimodalModelId(modelId)) {
      // The real API answers model_not_supported (docs/dashscope-api.md §10.5): refuse it before any request.
      throw new InvalidArgumentError({
        argument: "modelId",
        message: `${modelId} is not served by the OpenAI-compatible endpoint; use the native endpoint (rerankModel("${modelId}") without api: "compatible"), which takes text, images and video.`,
      });
    }
    // The compatible endpoint takes string documents only (docs/dashscope-api.md §1.2).
    const url = `${context.compatibleBaseURL}/reranks`;
    return createHttpRerankModel({
      ...shared,
      limits: { ...limits, supports: textOnly },
      urls: [url],
      toBody: compatibleBody(modelId),
      reader: compatibleReader,
    });
  }
  const url = `${context.baseURL}/services/rerank/text-rerank/text-rerank`;
  return createHttpRerankModel({
    ...shared,
    limits,
    urls: [url],
    toBody: nativeBody(modelId, limits.supports.image),
    reader: nativeReader,
  });
}

function parametersOf(options: RerankModelCallOptions): DashScopeParameters {
  const parameters: DashScopeParameters = {};
  if (options.returnDocuments !== undefined) parameters.return_documents = options.returnDocuments;
  if (options.topN !== undefined) parameters.top_n = options.topN;
  if (options.instruct !== undefined) parameters.instruct = options.instruct;
  if (options.fps !== undefined) parameters.fps = options.fps;
  return parameters;
}

const nativeBody =
  (model: string, multimodal: boolean) =>
  (options: RerankModelCallOptions): DashScopeRerankRequest => {
    const query = "text" in options.query ? options.query.text : { image: options.query.image };
    const documents = options.documents.map(multimodal ? toMultimodalDocument : toTextDocument);
    const parameters = parametersOf(options);
    return { model, input: { query, documents }, ...(Object.keys(parameters).length > 0 ? { parameters } : {}) };
  };

const compatibleBody =
  (model: string) =>
  (options: RerankModelCallOptions): DashScopeCompatibleRequest => {
    const query = "text" in options.query ? options.query.text : "";
    return { model, query, documents: options.documents.map(toTextDocument), ...parametersOf(options) };
  };

const toTextDocument = (document: ResolvedDocument): string => document.text ?? "";

function toMultimodalDocument(document: ResolvedDocument): DashScopeDocument {
  const wire: { text?: string; image?: string; video?: string } = {};
  if (document.text !== undefined) wire.text = document.text;
  if (document.image !== undefined) wire.image = document.image;
  if (document.video !== undefined) wire.video = document.video;
  return wire;
}
