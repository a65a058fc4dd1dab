import { acceptedKeys, bearerAuthorizer } from "./bearer-authorizer.js";
import type { ParseContext } from "./dialect.js";
import { lexicalScore } from "./lexical-score.js";
import { resolveModelLimits } from "./model-limits.js";
import { QuotaLimiter } from "./quota-limiter.js";
import { type ResolvedRequestLimits, resolveRequestLimits } from "./request-limits.js";
import type { RerankServerOptions } from "./rerank-server-options.js";
import type { Scorer } from "./scorer.js";
import { resolveVllmOptions } from "./vllm-options.js";

/** `lexicalScore` on the words each `ScorerInput` already holds, captions included. */
export const defaultScorer: Scorer = (query, document) => lexicalScore(query, document);

/** What answering a request needs, resolved once from the options. */
export interface ServerConfig {
  readonly requestLimits: ResolvedRequestLimits;
  readonly latencyMs: number;
  readonly cannedResponse: boolean;
  readonly context: ParseContext;
  readonly authorized: (header: string | undefined) => boolean;
  /** Per-key RPM and TPM of the DashScope routes; undefined without a quota. */
  readonly quota: QuotaLimiter | undefined;
  /** `setScorer` replaces it, so it is read afresh on every call. */
  scorer: Scorer;
}

export function resolveServerConfig(options: RerankServerOptions): ServerConfig {
  const { quota } = options;
  const limited = quota?.requestsPerMinute !== undefined || quota?.tokensPerMinute !== undefined;
  return {
    // docs/dashscope-api.md §2.3, §10.1
    requestLimits: resolveRequestLimits(options.requestLimits, options.maxBodyBytes),
    latencyMs: options.latencyMs ?? 0,
    cannedResponse: options.cannedResponse ?? false,
    context: {
      captions: options.captions ?? {},
      limits: resolveModelLimits(options.limits),
      overlongItems: options.overlongItems ?? "reject",
      usageFields: options.usageFields ?? "by-model",
      vllm: resolveVllmOptions(options.vllm),
    },
    authorized: bearerAuthorizer(acceptedKeys(options.apiKey)),
    quota: limited ? new QuotaLimiter(quota ?? {}, options.now ?? Date.now) : undefined,
    scorer: options.scorer ?? defaultScorer,
  };
}
