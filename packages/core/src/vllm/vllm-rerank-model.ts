import type { Dispatcher } from "undici";
import { createHttpRerankModel } from "../provider-kit/create-http-rerank-model.js";
import type { AnswerReader } from "../provider-kit/read-answer.js";
import type { ResolvedDocument, ResolvedQuery } from "../spec/rerank-document.js";
import type { RerankModel, RerankModelCallOptions, RerankModelLimits } from "../spec/rerank-model.js";
import type { RetryBudget } from "../spec/retry-budget.js";
import { hasVLLMResults, readVLLMError } from "./vllm-error.js";
import {
  type VLLMContentPart,
  type VLLMDocument,
  type VLLMRerankRequest,
  vllmRerankResponseSchema,
} from "./vllm-rerank-api.js";

/** What a vLLM model needs from its provider. */
export interface VLLMProviderContext {
  baseURLs: readonly string[];
  headers: () => Readonly<Record<string, string>>;
  dispatcher: () => Dispatcher;
  retryBudget: RetryBudget;
}

/** A model served by vLLM; with several base URLs, calls are spread over the replicas and fail over between them. */
export function createVLLMRerankModel(
  modelId: string,
  context: VLLMProviderContext,
  limits: RerankModelLimits,
): RerankModel {
  return createHttpRerankModel({
    provider: "vllm",
    modelId,
    limits,
    urls: context.baseURLs.map((baseURL) => `${baseURL}/v1/rerank`),
    headers: context.headers,
    dispatcher: context.dispatcher,
    retryBudget: context.retryBudget,
    toBody: (options: RerankModelCallOptions): VLLMRerankRequest => ({
      model: modelId,
      query: toVLLM(options.query),
      documents: options.documents.map(toVLLM),
      ...(options.topN === undefined ? {} : { top_n: options.topN }),
      ...(options.instruct === undefined ? {} : { instruction: options.instruct }),
      ...(options.maxTokensPerDocument === undefined ? {} : { max_tokens_per_doc: options.maxTokensPerDocument }),
    }),
    reader,
  });
}

const reader: AnswerReader<typeof vllmRerankResponseSchema._output> = {
  label: "vLLM",
  schema: vllmRerankResponseSchema,
  read: (body) => ({
    results: body.results,
    usage: { totalTokens: body.usage?.total_tokens ?? body.usage?.prompt_tokens ?? undefined },
    requestId: body.id ?? undefined,
  }),
  readError: readVLLMError,
  hasResults: hasVLLMResults,
};

function toVLLM(item: ResolvedDocument | ResolvedQuery): VLLMDocument {
  const { text, image, video } = item as ResolvedDocument;
  if (image === undefined && video === undefined) return text ?? "";
  const content: VLLMContentPart[] = [];
  if (text !== undefined) content.push({ type: "text", text });
  if (image !== undefined) content.push({ type: "image_url", image_url: { url: image } });
  if (video !== undefined) content.push({ type: "video_url", video_url: { url: video } });
  return { content };
}
