import type { MetadataMode } from "@llamaindex/core/schema";
import type { DashScopeProviderSettings, DashScopeRerankModelId, RerankCallSettings, RerankModel } from "@qwen-rerank/core";
import { InvalidArgumentError, validateRerankCallSettings } from "@qwen-rerank/core";
import type { RerankEndEvent, RerankErrorEvent, RerankEventDispatcher, RerankStartEvent } from "./qwen-rerank-events.js";

/** `MetadataMode` as its enum or as the plain string, so callers need no runtime import of LlamaIndex (snag S3). */
export type QwenRerankMetadataMode = MetadataMode | `${MetadataMode}`;

/** Options of `new QwenRerank()`. Every core call setting not listed here passes through to `rerank()` unchanged. */
export interface QwenRerankOptions extends Omit<RerankCallSettings, "topN" | "scoreThreshold" | "returnDocuments"> {
  /** A model id, or a core `RerankModel` (e.g. another provider). @default "qwen3-vl-rerank" */
  model?: DashScopeRerankModelId | RerankModel;
  /** DashScope API key; only with a model id. Never stored on the instance. @default process.env.DASHSCOPE_API_KEY */
  apiKey?: string;
  /** Base URL up to `/api/v1`; only with a model id. @default process.env.DASHSCOPE_HTTP_BASE_URL, else the region's */
  baseURL?: string;
  /** `"cn"` (Beijing, every rerank model) or `"intl"` (Singapore); only with a model id. @default "cn" */
  region?: "cn" | "intl";
  /** Sub-workspace id (`X-DashScope-WorkSpace`); only with a model id. @default none */
  workspace?: string;
  /** undici dispatcher for pooling, proxies or tests; only with a model id. @default one keep-alive Agent */
  dispatcher?: DashScopeProviderSettings["dispatcher"];
  /** Nodes to return. @default 3 */
  topN?: number;
  /** Drop nodes whose rerank score is below this (a score of exactly the threshold stays). @default none */
  scoreThreshold?: number;
  /** Which text of a node is scored: `"NONE"` (text only), `"ALL"`, `"EMBED"` or `"LLM"` (with metadata). @default "NONE" */
  metadataMode?: QwenRerankMetadataMode;
  /** Keep the retriever's score in the returned node's metadata as `retrieval_score` (on a copy). @default false */
  keepRetrievalScore?: boolean;
  /**
   * Metadata keys holding an image (http(s) URL, data URI, or a local path/`file:` URL read only inside
   * `allowedLocalRoots`) for nodes that are not `ImageNode`s. `file_path` counts only when it ends in an image extension.
   * @default ["image_url", "imageUrl", "image", "file_path"]
   */
  imageMetadataKeys?: readonly string[];
  /** Called before the request(s). @default none */
  onRerankStart?: (event: RerankStartEvent) => void;
  /** Called with the result. @default none */
  onRerankEnd?: (event: RerankEndEvent) => void;
  /** Called when the rerank fails, before the error is thrown or the nodes passed through. @default none */
  onRerankError?: (event: RerankErrorEvent) => void;
  /** Receives `"rerank-start"`, `"rerank-end"` and `"rerank-error"`, e.g. `Settings.callbackManager`. @default none */
  callbackManager?: RerankEventDispatcher;
  /**
   * `"throw"` rethrows the core's typed error unchanged. `"passthrough"` returns the input nodes in their original
   * order with their original scores, cut to `topN`, when the service fails (API, network, timeout, bad answer);
   * invalid input and a missing API key still throw.
   * @default "throw"
   */
  onError?: "throw" | "passthrough";
}

export const defaultImageMetadataKeys: readonly string[] = ["image_url", "imageUrl", "image", "file_path"];

type Check = (value: unknown) => string | undefined;
const when =
  (test: (value: unknown) => boolean, message: string): Check =>
  (value) =>
    test(value) ? undefined : message;
const isInt = (value: unknown): value is number => Number.isInteger(value);
const isFunction = (value: unknown) => typeof value === "function";
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
const nonEmptyString = when((value) => typeof value === "string" && value.trim() !== "", "must be a non-empty string");
const positiveInt = when((value) => isInt(value) && value >= 1, "must be a positive integer");
const boolean = when((value) => typeof value === "boolean", "must be a boolean");
const fn = when(isFunction, "must be a function");
const oneOf = (...values: string[]): Check => when((value) => values.includes(value as string), `must be one of ${values.map((v) => `"${v}"`).join(", ")}`);
const stringArray = when(
  (value) => Array.isArray(value) && value.every((item) => typeof item === "string" && item !== ""),
  "must be an array of non-empty strings",
);

const providerChecks: Record<string, Check> = {
  apiKey: nonEmptyString,
  baseURL: when((value) => typeof value === "string" && /^https?:\/\/[^/]/i.test(value), "must be an http(s) URL"),
  region: oneOf("cn", "intl"),
  workspace: nonEmptyString,
  dispatcher: when((value) => isObject(value) && isFunction(value.dispatch), "must be an undici Dispatcher"),
};

// This postprocessor's own options; everything else is a core call setting, checked by the core's own schema.
const checks: Record<string, Check> = {
  ...providerChecks,
  model: when(
    (value) => (typeof value === "string" && value.trim() !== "") || (isObject(value) && isFunction(value.doRerank) && typeof value.modelId === "string"),
    'must be a model id such as "qwen3-vl-rerank" or a RerankModel',
  ),
  topN: positiveInt,
  scoreThreshold: when((value) => typeof value === "number" && Number.isFinite(value), "must be a finite number"),
  metadataMode: oneOf("NONE", "ALL", "EMBED", "LLM"),
  keepRetrievalScore: boolean,
  imageMetadataKeys: stringArray,
  onRerankStart: fn,
  onRerankEnd: fn,
  onRerankError: fn,
  callbackManager: when((value) => isObject(value) && isFunction(value.dispatchEvent), "must have a dispatchEvent(name, detail) method"),
  onError: oneOf("throw", "passthrough"),
};

/** Checks the constructor options; throws the core's `InvalidArgumentError` naming the first bad option. */
export function validateQwenRerankOptions(options: unknown): asserts options is QwenRerankOptions {
  if (!isObject(options)) throw new InvalidArgumentError({ argument: "options", message: "QwenRerank options must be an object." });
  const callSettings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    const check = checks[key];
    if (!check) callSettings[key] = value;
    // `undefined` means "use the default", so spreading partial configs stays easy.
    else if (value !== undefined) {
      const problem = check(value);
      if (problem) throw new InvalidArgumentError({ argument: key, message: `${key} ${problem}.` });
    }
  }
  // Checked now, not at the first query, so a typo fails where the reranker is built. Unknown keys are refused there.
  validateRerankCallSettings(callSettings);
  if (isObject(options.model)) {
    const ignored = Object.keys(providerChecks).filter((key) => options[key] !== undefined);
    if (ignored.length > 0) {
      throw new InvalidArgumentError({
        argument: ignored[0]!,
        message: `${ignored.join(", ")} only apply when model is an id; configure your RerankModel's provider instead.`,
      });
    }
  }
}
