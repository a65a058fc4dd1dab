import { Agent, type Dispatcher } from "undici";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";
import { loadApiKey } from "../load-api-key.js";
import type { RerankModel } from "../rerank/rerank-model.js";
import { VERSION } from "../version.js";
import type { DashScopeRerankModelId } from "./dashscope-model-limits.js";
import { createDashScopeRerankModel, type DashScopeRerankModelSettings } from "./dashscope-rerank-model.js";

// dashscope-api.md §1.1: Beijing serves every rerank model; Singapore documents qwen3-rerank only.
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

/** Creates a DashScope (Alibaba Model Studio) provider. Nothing is read or connected until the first request. */
export function createDashScope(settings: DashScopeProviderSettings = {}): DashScopeProvider {
  const baseURL = (settings.baseURL ?? process.env.DASHSCOPE_HTTP_BASE_URL ?? regionBaseURL[settings.region ?? "cn"]).replace(/\/+$/, "");
  // Checked here, and never echoed: a key passed as the base URL by mistake would otherwise end up in every error.
  for (const [argument, value] of [
    ["baseURL", baseURL],
    ["compatibleBaseURL", settings.compatibleBaseURL],
  ] as const) {
    if (value !== undefined && !/^https?:\/\/[^/\s]/i.test(value)) {
      throw new InvalidArgumentError({
        argument,
        message: "must be an http(s) URL such as https://dashscope.aliyuncs.com/api/v1 (check DASHSCOPE_HTTP_BASE_URL).",
      });
    }
  }
  const compatibleBaseURL = (settings.compatibleBaseURL ?? `${baseURL.replace(/\/api\/v1$/, "")}/compatible-api/v1`).replace(/\/+$/, "");
  let agent: Dispatcher | undefined = settings.dispatcher;
  const dispatcher = (): Dispatcher => {
    agent ??= new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000 });
    return agent;
  };
  // Kept in a closure, never on an object, so the key cannot leak through JSON.stringify or util.inspect. One frozen
  // object while the key stays the same: postJson then works out which values to redact once, not per request.
  let current: { apiKey: string; headers: Readonly<Record<string, string>> } | undefined;
  const headers = (): Readonly<Record<string, string>> => {
    const apiKey = loadApiKey({ apiKey: settings.apiKey, environmentVariableName: "DASHSCOPE_API_KEY", description: "DashScope" });
    if (current?.apiKey !== apiKey) {
      current = {
        apiKey,
        headers: Object.freeze({
          Authorization: `Bearer ${apiKey}`,
          "Content-Type": "application/json",
          Accept: "application/json",
          "User-Agent": `qwen-rerank/core/${VERSION} node/${process.versions.node}`,
          ...(settings.workspace ? { "X-DashScope-WorkSpace": settings.workspace } : {}),
          ...settings.headers,
        }),
      };
    }
    return current.headers;
  };
  return {
    baseURL,
    compatibleBaseURL,
    rerankModel: (modelId, modelSettings) =>
      createDashScopeRerankModel(
        modelId,
        {
          provider: "dashscope",
          baseURL,
          compatibleBaseURL,
          headers,
          get dispatcher() {
            return dispatcher();
          },
        },
        modelSettings,
      ),
  };
}
