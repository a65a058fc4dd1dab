import type { Dispatcher } from "undici";
import { asRecord } from "../provider-kit/as-record.js";
import { createHttpRerankModel } from "../provider-kit/create-http-rerank-model.js";
import type { AnswerReader } from "../provider-kit/read-answer.js";
import type { ResolvedDocument } from "../spec/rerank-document.js";
import type { RerankModel, RerankModelCallOptions } from "../spec/rerank-model.js";
import type { RetryBudget } from "../spec/retry-budget.js";
import { hasDashScopeResults, isRetryableDashScopeError, readDashScopeError } from "./dashscope-error.js";
import { dashscopeModelLimits } from "./dashscope-model-limits.js";
import {
  type DashScopeCompatibleRequest,
  type DashScopeDocument,
  type DashScopeParameters,
  type DashScopeRerankRequest,
  dashscopeCompatibleResponseSchema,
  dashscopeRerankResponseSchema,
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

const nativeReader: AnswerReader<typeof dashscopeRerankResponseSchema._output> = {
  label: "DashScope",
  schema: dashscopeRerankResponseSchema,
  read: (body) => ({
    results: body.output.results,
    usage: { totalTokens: body.usage?.total_tokens ?? body.usage?.input_tokens ?? undefined },
    requestId: body.request_id ?? undefined,
  }),
  readError: readDashScopeError,
  hasResults: hasDashScopeResults,
  isRetryable: isRetryableDashScopeError,
};

const compatibleReader: AnswerReader<typeof dashscopeCompatibleResponseSchema._output> = {
  label: "DashScope",
  schema: dashscopeCompatibleResponseSchema,
  read: (body) => ({
    results: body.results,
    usage: { totalTokens: body.usage?.total_tokens ?? undefined },
    requestId: body.id ?? asRecord(body)?.request_id?.toString(),
  }),
  readError: readDashScopeError,
  hasResults: hasDashScopeResults,
  isRetryable: isRetryableDashScopeError,
};
