import { Agent, type Dispatcher } from "undici";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import type { RerankModel, RerankModelLimits } from "../rerank/rerank-model.js";
import { VERSION } from "../version.js";
import { createVLLMRerankModel } from "./vllm-rerank-model.js";

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
  /** The server's `--max-model-len`; also caps one request's token budget. @default 32768 */
  maxModelLength?: number;
  /** Documents per request. @default 100 */
  maxDocumentsPerCall?: number;
  /** Images per request (bounded by GPU memory and `--limit-mm-per-prompt`). @default 40 */
  maxImagesPerCall?: number;
  /** Videos per request. @default 4 */
  maxVideosPerCall?: number;
}

export interface VLLMProvider {
  /** A reranker served by vLLM, e.g. `Qwen/Qwen3-VL-Reranker-8B`. */
  rerankModel(modelId: string, settings?: VLLMModelSettings): RerankModel;
}

/** Self-hosted Qwen3-VL-Reranker (or any vLLM reranker) behind `/v1/rerank` (dashscope-api.md §7.2). */
export function createVLLM(settings: VLLMProviderSettings): VLLMProvider {
  const baseURLs = (typeof settings.baseURL === "string" ? [settings.baseURL] : [...settings.baseURL]).map((url) =>
    url.replace(/\/+$/, "").replace(/\/v1$/, ""),
  );
  if (baseURLs.length === 0 || baseURLs.some((url) => !/^https?:\/\//.test(url))) {
    throw new InvalidArgumentError({ argument: "baseURL", message: "pass one or more http(s) URLs of vLLM servers." });
  }
  let agent: Dispatcher | undefined = settings.dispatcher;
  // One frozen object while the key stays the same, as for DashScope: postJson reads it for credentials once.
  let current: { apiKey: string | undefined; headers: Readonly<Record<string, string>> } | undefined;
  const headers = (): Readonly<Record<string, string>> => {
    const apiKey = settings.apiKey ?? process.env.VLLM_API_KEY;
    if (current === undefined || current.apiKey !== apiKey) {
      current = {
        apiKey,
        headers: Object.freeze({
          "Content-Type": "application/json",
          Accept: "application/json",
          "User-Agent": `qwen-rerank/core/${VERSION} node/${process.versions.node}`,
          ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}),
          ...settings.headers,
        }),
      };
    }
    return current.headers;
  };
  return {
    rerankModel: (modelId, modelSettings = {}) => {
      const maxModelLength = modelSettings.maxModelLength ?? 32_768;
      const limits: RerankModelLimits = {
        maxDocumentsPerCall: {
          text: modelSettings.maxDocumentsPerCall ?? 100,
          image: modelSettings.maxImagesPerCall ?? 40,
          video: modelSettings.maxVideosPerCall ?? 4,
        },
        maxTotalDocumentsPerCall: modelSettings.maxDocumentsPerCall ?? 100,
        // vLLM scores each query-document pair separately, so the budget is per pair; bound a request loosely.
        maxTokensPerCall: maxModelLength * (modelSettings.maxDocumentsPerCall ?? 100),
        maxTokensPerItem: maxModelLength,
        supports: { image: true, video: true, imageQuery: true, mixedDocuments: true },
      };
      return createVLLMRerankModel(modelId, {
        baseURLs,
        headers,
        limits,
        get dispatcher() {
          agent ??= new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
          return agent;
        },
      });
    },
  };
}
