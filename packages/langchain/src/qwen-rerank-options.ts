import type { DocumentInterface } from "@langchain/core/documents";
import {
  type DashScopeProviderSettings,
  type DashScopeRerankModelId,
  InvalidArgumentError,
  type RerankCallSettings,
  type RerankDocument,
  type RerankError,
  type RerankModel,
  validateRerankCallSettings,
} from "@qwen-rerank/core";

/**
 * The core's call options the compressor passes through unchanged (`timeoutMs`, `maxRetries`, `instruct`,
 * `mixedContent`, `allowedLocalRoots`, `cache`, ...); see `RerankCallSettings` for each default. `topN` and
 * `scoreThreshold` are the compressor's own; `returnDocuments` is left out because results are always mapped back to
 * your documents, so echoing them would only cost bandwidth.
 */
export type QwenRerankCallSettings = Omit<RerankCallSettings, "topN" | "scoreThreshold" | "returnDocuments" | "headers">;

export interface QwenRerankOptions extends QwenRerankCallSettings {
  /** A DashScope model id, or any core `RerankModel` (then the provider options below must be left out). @default "qwen3-vl-rerank" */
  model?: DashScopeRerankModelId | RerankModel | undefined;
  /** DashScope API key; kept in the core provider's closure, never on the compressor. @default process.env.DASHSCOPE_API_KEY */
  apiKey?: string | undefined;
  /** Base URL up to and including `/api/v1`. @default process.env.DASHSCOPE_HTTP_BASE_URL, else the region's host */
  baseURL?: string | undefined;
  /** `"cn"` (Beijing: every rerank model) or `"intl"` (Singapore: qwen3-rerank only). @default "cn" */
  region?: DashScopeProviderSettings["region"] | undefined;
  /** Sub-workspace id, sent as `X-DashScope-WorkSpace`. @default none */
  workspace?: string | undefined;
  /** Extra headers on every request (per call when `model` is a `RerankModel`). @default {} */
  headers?: Record<string, string> | undefined;
  /** undici dispatcher for pooling, proxies or tests. @default one keep-alive Agent per compressor */
  dispatcher?: DashScopeProviderSettings["dispatcher"] | undefined;
  /** Documents kept after reranking. @default 3 */
  topN?: number | undefined;
  /** Documents scoring below this are dropped (DashScope scores are in [0, 1]). @default none */
  scoreThreshold?: number | undefined;
  /** Metadata key the score is written to; `"relevance_score"` matches LangChain Python. @default "relevanceScore" */
  scoreKey?: string | undefined;
  /** Metadata keys holding a document's image, first match wins. @default ["image", "imageUrl", "image_url"] */
  imageMetadataKeys?: readonly string[] | undefined;
  /** Metadata keys holding a document's video URL, first match wins. @default ["video", "videoUrl", "video_url"] */
  videoMetadataKeys?: readonly string[] | undefined;
  /** Maps a document to what is sent, replacing the metadata-key mapping. @default toRerankDocument */
  toRerankDocument?: ((document: DocumentInterface) => RerankDocument) | undefined;
  /**
   * `"throw"` rethrows the core's typed error. `"passthrough"` returns the documents in their incoming order, cut
   * to `topN`, each with `metadata.rerankError` (the error message) and no score. Only the library's own errors are
   * passed through: a throwing `toRerankDocument` or your own abort still throws.
   * @default "throw"
   */
  onError?: "throw" | "passthrough" | undefined;
  /** Called with the error before documents are passed through (`onError: "passthrough"`), e.g. to log it. @default none */
  onErrorPassthrough?: ((error: RerankError) => void) | undefined;
}

type Check = (value: unknown) => string | undefined;
/** Options the core does not know: checked here; everything else is checked by the core's own schema. */
type PluginOptionKey = Exclude<keyof QwenRerankOptions, keyof RerankCallSettings>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const string: Check = (value) => (typeof value === "string" && value.trim() !== "" ? undefined : "must be a non-empty string.");
const func: Check = (value) => (typeof value === "function" ? undefined : "must be a function.");
const strings: Check = (value) =>
  Array.isArray(value) && value.every((item) => string(item) === undefined) ? undefined : "must be an array of non-empty strings.";
const oneOf =
  (...values: readonly string[]): Check =>
  (value) =>
    values.includes(value as string) ? undefined : `must be one of ${values.map((option) => `"${option}"`).join(", ")}.`;

// Typed over every plugin-only key, so an option added to the interface without a check here fails to compile.
const checks: { [Key in PluginOptionKey]-?: Check } = {
  model: (value) =>
    typeof value === "string" ? string(value) : isObject(value) && typeof value.doRerank === "function" ? undefined : "must be a model id or a RerankModel.",
  apiKey: string,
  baseURL: (value) => (typeof value === "string" && /^https?:\/\//i.test(value) ? undefined : "must be an http(s) URL."),
  region: oneOf("cn", "intl"),
  workspace: string,
  dispatcher: (value) => (isObject(value) && typeof value.dispatch === "function" ? undefined : "must be an undici Dispatcher."),
  scoreKey: string,
  imageMetadataKeys: strings,
  videoMetadataKeys: strings,
  toRerankDocument: func,
  onError: oneOf("throw", "passthrough"),
  onErrorPassthrough: func,
};

/** Options that configure the DashScope provider, so they mean nothing next to a ready-made `RerankModel`. */
const providerOptionKeys = ["apiKey", "baseURL", "region", "workspace", "dispatcher"] as const;

/**
 * Refuses bad constructor options with the core's `InvalidArgumentError`, before any request. The core's call
 * settings (`topN`, `timeoutMs`, `retry`, ...) go through the core's own validation, so both agree on what is valid.
 * Messages never echo a value, so a misplaced API key cannot leak through them.
 */
export function validateQwenRerankOptions(options: unknown): asserts options is QwenRerankOptions {
  if (options === undefined) return;
  if (!isObject(options)) throw new InvalidArgumentError({ argument: "options", message: "must be an object." });
  const callSettings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    // A core option the compressor leaves out on purpose (see QwenRerankCallSettings), so it is unknown here.
    if (key === "returnDocuments") throw new InvalidArgumentError({ argument: key, message: `unknown option ${key}.` });
    const check = (checks as Record<string, Check | undefined>)[key];
    if (!check) {
      callSettings[key] = value;
      continue;
    }
    const problem = value === undefined ? undefined : check(value);
    if (problem) throw new InvalidArgumentError({ argument: key, message: problem });
  }
  validateRerankCallSettings(callSettings);
  if (typeof options.model === "object") {
    const misplaced = providerOptionKeys.filter((key) => options[key] !== undefined);
    if (misplaced.length > 0) {
      throw new InvalidArgumentError({
        argument: misplaced.join(", "),
        message: `${misplaced.join(", ")} configure the DashScope provider and are not used with a ready-made RerankModel; set them on its provider.`,
      });
    }
  }
}
