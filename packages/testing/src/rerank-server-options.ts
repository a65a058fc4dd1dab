import type { ModelLimits } from "./model-limits.js";
import type { Scorer } from "./scorer.js";

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
   * Larger bodies get 413 `BadRequest.TooLarge`. The default is DashScope's 64 MiB cap for a body with Base64
   * content (https://help.aliyun.com/zh/model-studio/rate-limit).
   * @default 67108864
   */
  maxBodyBytes?: number;
  /**
   * Per-model caps and document kinds, merged over the documented ones
   * (https://www.alibabacloud.com/help/en/model-studio/text-rerank-api).
   * A new model id here becomes a known model.
   * @default {}
   */
  limits?: Readonly<Record<string, Partial<ModelLimits>>>;
  /**
   * Bench mode: skip validation and scoring and answer a fixed, valid ranking for the request's document
   * count (index 0 first), so the server costs the same whatever the client sends. Auth still applies.
   * @default false
   */
  cannedResponse?: boolean;
  /** Keep `server.calls`. Turn off for long benchmarks, where recorded bodies would pile up. @default true */
  recordCalls?: boolean;
}
