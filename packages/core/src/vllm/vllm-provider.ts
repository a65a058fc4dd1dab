import type { Dispatcher } from "undici";
import { vllmDefaults } from "../defaults.js";
import { checkHttpURL } from "../provider-kit/http-url.js";
import { headersForKey, lazyDispatcher, userAgent } from "../provider-kit/provider-headers.js";
import { createRetryBudget } from "../rerank/retry-budget.js";
import { InvalidArgumentError } from "../spec/errors/invalid-argument-error.js";
import type { RerankModel, RerankModelLimits } from "../spec/rerank-model.js";
import { createVLLMRerankModel, type VLLMProviderContext } from "./vllm-rerank-model.js";

export interface VLLMProviderSettings {
  /** One server, or several replicas of the same model to spread calls over and fail over between. */
  baseURL: string | readonly string[];
  /** Sent as a bearer token when the server was started with `--api-key`. @default process.env.VLLM_API_KEY, else none */
  apiKey?: string;
  /** Extra headers on every request. @default {} */
  headers?: Record<string, string>;
  /** undici dispatcher. @default one keep-alive `Agent` per provider */
  dispatcher?: Dispatcher;
}

export interface VLLMModelSettings {
  /**
   * The server's `--max-model-len`: a query–document pair must fit it, so each document is cut to what the query
   * leaves. Set it to what you started the server with (the README's command uses 4096). @default 32768
   */
  maxModelLength?: number;
  /** Documents per request. @default 100 */
  maxDocumentsPerCall?: number;
  /**
   * Images per request, bounded by the server's memory. (`--limit-mm-per-prompt` counts media per query–document
   * pair, so it limits images per document, not per request.) @default 40
   */
  maxImagesPerCall?: number;
  /** Videos per request. @default 4 */
  maxVideosPerCall?: number;
}

export interface VLLMProvider {
  /** A reranker served by vLLM, e.g. `Qwen/Qwen3-VL-Reranker-8B`. */
  rerankModel(modelId: string, settings?: VLLMModelSettings): RerankModel;
}

/** Self-hosted Qwen3-VL-Reranker (or any vLLM reranker) behind `/v1/rerank`. */
export function createVLLM(settings: VLLMProviderSettings): VLLMProvider {
  const urls = typeof settings.baseURL === "string" ? [settings.baseURL] : [...settings.baseURL];
  if (urls.length === 0)
    throw new InvalidArgumentError({ argument: "baseURL", message: "pass one or more vLLM base URLs." });
  const baseURLs = urls.map((url) => checkHttpURL(url, "baseURL", "http://localhost:8000").replace(/\/v1$/, ""));
  const headers = headersForKey(
    () => settings.apiKey ?? process.env.VLLM_API_KEY,
    (apiKey) => ({
      "Content-Type": "application/json",
      Accept: "application/json",
      "User-Agent": userAgent,
      ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}),
      ...settings.headers,
    }),
  );
  const dispatcher = lazyDispatcher(settings.dispatcher);
  const context: VLLMProviderContext = { baseURLs, headers, dispatcher, retryBudget: createRetryBudget() };
  return {
    rerankModel: (modelId, modelSettings = {}) => createVLLMRerankModel(modelId, context, vllmLimits(modelSettings)),
  };
}

function vllmLimits(settings: VLLMModelSettings): RerankModelLimits {
  const { maxModelLength, maxDocumentsPerCall, maxImagesPerCall, maxVideosPerCall } = {
    ...vllmDefaults,
    ...definedOnly(settings),
  };
  return {
    maxDocumentsPerCall: { text: maxDocumentsPerCall, image: maxImagesPerCall, video: maxVideosPerCall },
    maxTotalDocumentsPerCall: maxDocumentsPerCall,
    // vLLM scores each query-document pair separately, so the budget is per pair; bound a request loosely.
    maxTokensPerCall: maxModelLength * maxDocumentsPerCall,
    maxTokensPerItem: maxModelLength,
    budgetPerPair: true,
    maxImagePixels: 1_843_200, // Qwen3-VL-Reranker's processor cap (docs/dashscope-api.md §7.1)
    supports: { image: true, video: true, imageQuery: true, mixedDocuments: true },
  };
}

const definedOnly = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as Partial<T>;
