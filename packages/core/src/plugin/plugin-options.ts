import type { Dispatcher } from "undici";
import type { DashScopeRerankModelId } from "../dashscope/dashscope-model-limits.js";
import type { RerankCallSettings } from "../rerank/rerank-options.js";
import type { RerankModel } from "../spec/rerank-model.js";

/**
 * The options both framework plugins take, with the same meaning, defaults and checks. Every core call setting not
 * listed here (`timeoutMs`, `maxRetries`, `instruct`, `allowedLocalRoots`, `cache`, …) passes through to `rerank()`;
 * `returnDocuments` is left out because results always map back to your own documents.
 */
export interface PluginOptions extends Omit<RerankCallSettings, "topN" | "scoreThreshold" | "returnDocuments"> {
  /** A DashScope model id, or any core `RerankModel` (e.g. from `createVLLM`). @default "qwen3-vl-rerank" */
  model?: DashScopeRerankModelId | RerankModel | undefined;
  /** DashScope API key; only with a model id. Never stored on the plugin. @default process.env.DASHSCOPE_API_KEY */
  apiKey?: string | undefined;
  /**
   * Base URL up to and including `/api/v1`; only with a model id.
   * @default process.env.DASHSCOPE_HTTP_BASE_URL, else the region's host
   */
  baseURL?: string | undefined;
  /** `"cn"` (Beijing: every rerank model) or `"intl"` (Singapore: qwen3-rerank only); only with a model id. @default "cn" */
  region?: "cn" | "intl" | undefined;
  /** Sub-workspace id, sent as `X-DashScope-WorkSpace`; only with a model id. @default none */
  workspace?: string | undefined;
  /** undici dispatcher for pooling, proxies or tests; only with a model id. @default one keep-alive Agent */
  dispatcher?: Dispatcher | undefined;
  /** Results kept after reranking. @default 3 */
  topN?: number | undefined;
  /** Results scoring below this are dropped (DashScope scores are in [0, 1]). @default none */
  scoreThreshold?: number | undefined;
  /**
   * `"throw"` rethrows the core's typed error. `"passthrough"` returns the input in its incoming order, cut to
   * `topN`, when the service fails (API, network, timeout, bad answer); bad input and a missing key still throw.
   * @default "throw"
   */
  onError?: "throw" | "passthrough" | undefined;
  /** Metadata keys holding an image, first match wins; `file_path` counts only for image files. @default ["image", "image_url", "imageUrl", "file_path"] */
  imageMetadataKeys?: readonly string[] | undefined;
  /** Metadata keys holding a video URL, first match wins. @default ["video", "video_url", "videoUrl"] */
  videoMetadataKeys?: readonly string[] | undefined;
  /**
   * A media reference that cannot be used (`"N/A"`, a path outside `allowedLocalRoots`, an unsupported file):
   * `"skip"` leaves it out with a warning and ranks the document by its text, so one bad reference never fails a
   * retrieval; `"error"` refuses the call with an `InvalidArgumentError`.
   * @default "skip"
   */
  invalidMedia?: "skip" | "error" | undefined;
}

/** Metadata keys read for an image, first match wins. */
export const defaultImageMetadataKeys: readonly string[] = Object.freeze([
  "image",
  "image_url",
  "imageUrl",
  "file_path",
]);

/** Metadata keys read for a video, first match wins. */
export const defaultVideoMetadataKeys: readonly string[] = Object.freeze(["video", "video_url", "videoUrl"]);
