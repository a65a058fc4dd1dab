import type { Dispatcher } from "undici";
import { checkHttpURL } from "../provider-kit/http-url.js";
import { loadApiKey } from "../provider-kit/load-api-key.js";
import { headersForKey, lazyDispatcher, userAgent } from "../provider-kit/provider-headers.js";
import { createRetryBudget } from "../rerank/retry-budget.js";
import type { RerankModel } from "../spec/rerank-model.js";
import type { DashScopeRerankModelId } from "./dashscope-model-limits.js";
import {
  createDashScopeRerankModel,
  type DashScopeProviderContext,
  type DashScopeRerankModelSettings,
} from "./dashscope-rerank-model.js";

// docs/dashscope-api.md §1.1: Beijing serves every rerank model; Singapore documents qwen3-rerank only.
const regionBaseURL = {
  cn: "https://dashscope.aliyuncs.com/api/v1",
  intl: "https://dashscope-intl.aliyuncs.com/api/v1",
} as const;

export interface DashScopeProviderSettings {
  /** API key. @default process.env.DASHSCOPE_API_KEY, read on the first request */
  apiKey?: string;
  /**
   * Base URL up to and including `/api/v1`.
   * @default process.env.DASHSCOPE_HTTP_BASE_URL, else the region's host + "/api/v1"
   */
  baseURL?: string;
  /**
   * Base URL of the OpenAI-compatible endpoint, up to and including `/compatible-api/v1`.
   * @default `baseURL` with its trailing `/api/v1` replaced by `/compatible-api/v1`
   */
  compatibleBaseURL?: string;
  /** `"cn"` (Beijing: every rerank model) or `"intl"` (Singapore: qwen3-rerank only). @default "cn" */
  region?: "cn" | "intl";
  /** Sub-workspace id, sent as `X-DashScope-WorkSpace`. @default none */
  workspace?: string;
  /** Extra headers on every request. @default {} */
  headers?: Record<string, string>;
  /**
   * undici dispatcher for pooling, proxies or tests.
   * @default one keep-alive `Agent` per provider, shared by all its models and calls
   */
  dispatcher?: Dispatcher;
}

export interface DashScopeProvider {
  /** A rerank model, on the native endpoint unless `{ api: "compatible" }` is given. */
  rerankModel(modelId: DashScopeRerankModelId, settings?: DashScopeRerankModelSettings): RerankModel;
  readonly baseURL: string;
  readonly compatibleBaseURL: string;
}

const example = "https://dashscope.aliyuncs.com/api/v1 (check DASHSCOPE_HTTP_BASE_URL)";

/** Creates a DashScope (Alibaba Model Studio) provider. Nothing is read or connected until the first request. */
export function createDashScope(settings: DashScopeProviderSettings = {}): DashScopeProvider {
  const rawBaseURL = settings.baseURL ?? process.env.DASHSCOPE_HTTP_BASE_URL ?? regionBaseURL[settings.region ?? "cn"];
  const baseURL = checkHttpURL(rawBaseURL, "baseURL", example);
  const compatibleBaseURL = checkHttpURL(
    settings.compatibleBaseURL ?? `${baseURL.replace(/\/api\/v1$/, "")}/compatible-api/v1`,
    "compatibleBaseURL",
    "https://dashscope.aliyuncs.com/compatible-api/v1",
  );
  const loadKey = () =>
    loadApiKey({ apiKey: settings.apiKey, environmentVariableName: "DASHSCOPE_API_KEY", description: "DashScope" });
  const headers = headersForKey(loadKey, (apiKey) => ({
    Authorization: `Bearer ${apiKey}`,
    "Content-Type": "application/json",
    Accept: "application/json",
    "User-Agent": userAgent,
    ...(settings.workspace ? { "X-DashScope-WorkSpace": settings.workspace } : {}),
    ...settings.headers,
  }));
  const dispatcher = lazyDispatcher(settings.dispatcher);
  const retryBudget = createRetryBudget();
  const context: DashScopeProviderContext = { baseURL, compatibleBaseURL, headers, dispatcher, retryBudget };
  return {
    baseURL,
    compatibleBaseURL,
    rerankModel: (modelId, modelSettings) => createDashScopeRerankModel(modelId, context, modelSettings),
  };
}
