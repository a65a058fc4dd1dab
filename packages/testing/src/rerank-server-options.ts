import type { ModelLimits } from "./model-limits.js";
import type { QuotaOptions } from "./quota-options.js";
import type { RequestLimits } from "./request-limits.js";
import type { Scorer } from "./scorer.js";
import type { VllmOptions } from "./vllm-options.js";

/** Options of `startRerankServer`; all are optional. */
export interface RerankServerOptions {
  /** TCP port; 0 picks a free one (read it back from `server.port`). @default 0 */
  port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /**
   * Keys accepted in `Authorization: Bearer <key>` on every rerank route; other or missing keys get 401.
   * `null` turns the check off.
   * @default "test-key"
   */
  apiKey?: string | readonly string[] | null;
  /**
   * Image/video URL (or exact data URI) → words the lexical scorer uses for it. Without an entry, a URL's
   * file name gives the words (`.../red-running-shoe.jpg` → "red running shoe") and a data URI gives none.
   * @default {}
   */
  captions?: Readonly<Record<string, string>>;
  /** Delay added before answering every rerank call, faults included. @default 0 */
  latencyMs?: number;
  /** Replaces the lexical scorer. @default lexicalScore */
  scorer?: Scorer;
  /**
   * Request ids are this prefix plus the request number zero-padded to 12 digits, so they are
   * deterministic; the default makes them UUID-shaped like DashScope's.
   * @default "00000000-0000-4000-8000-"
   */
  requestIdPrefix?: string;
  /**
   * DashScope's gateway limits on the request body; a request over one gets 413 `BadRequest.TooLarge`
   * (https://help.aliyun.com/zh/model-studio/rate-limit). They apply on the native and compatible routes; the
   * vLLM and Cohere routes only refuse a body over the largest of them, which the server never buffers.
   * @default { maxBytes: 16 MiB, maxBase64Bytes: 64 MiB, maxDecodedBytes: 16 MiB, maxBase64ItemBytes: 20 MiB }
   */
  requestLimits?: RequestLimits;
  /**
   * @deprecated Use `requestLimits.maxBase64Bytes`. Read as that limit, with every other limit above it lowered
   * to it, so that no body over it is accepted.
   * @default undefined
   */
  maxBodyBytes?: number;
  /**
   * Per-model document caps, per-item limits (`itemTokens`, `itemCharacters`) and document kinds, merged over
   * the documented ones
   * (https://www.alibabacloud.com/help/en/model-studio/text-rerank-api).
   * A new model id here becomes a known model.
   * @default {}
   */
  limits?: Readonly<Record<string, Partial<ModelLimits>>>;
  /**
   * What a DashScope route does with a query or document over its model's `itemTokens`. `"reject"`: 400
   * `InvalidParameter` naming the item, as the newer Rerank guide says
   * (https://www.alibabacloud.com/help/en/model-studio/rerank). `"truncate"`: the item is cut silently to the
   * limit, as the API reference says (https://www.alibabacloud.com/help/en/model-studio/text-rerank-api);
   * `call.truncated` lists what was cut.
   * @default "reject"
   */
  overlongItems?: "reject" | "truncate";
  /**
   * The `usage` of DashScope answers. `"by-model"`: qwen3-vl-rerank (any multimodal model) answers
   * `{image_tokens, input_tokens, total_tokens}`, qwen3.7-text-rerank `{prompt_tokens, total_tokens}`, other
   * models `{total_tokens}`. `"total-only"`: `{total_tokens}` for every model, the older documented shape.
   * @default "by-model"
   */
  usageFields?: "by-model" | "total-only";
  /**
   * Requests and tokens per minute per API key on the DashScope routes, enforced per second. Calls refused
   * before scoring (size, key, bad body) or answered by a fault that replaces the answer (a status, a hang…) use
   * none.
   * @default {} (no limit)
   */
  quota?: QuotaOptions;
  /** The clock the quota reads, in milliseconds; inject one so quota tests never wait. @default Date.now */
  now?: () => number;
  /** The vLLM route's release, `--max-model-len` and `--limit-mm-per-prompt`. @default {} */
  vllm?: VllmOptions;
  /**
   * Bench mode: skip validation and scoring and answer a fixed, valid ranking for the request's document
   * count (index 0 first), so the server costs the same whatever the client sends. Auth and the quota still
   * apply; of the request limits, only the largest.
   * @default false
   */
  cannedResponse?: boolean;
  /** Keep `server.calls`. Turn off for long benchmarks, where recorded bodies would pile up. @default true */
  recordCalls?: boolean;
}
