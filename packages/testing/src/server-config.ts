import { acceptedKeys, bearerAuthorizer } from "./bearer-authorizer.js";
import type { ParseContext } from "./dialect.js";
import { lexicalScore } from "./lexical-score.js";
import { resolveModelLimits } from "./model-limits.js";
import type { RerankServerOptions } from "./rerank-server-options.js";
import type { Scorer } from "./scorer.js";

/** `lexicalScore` on the words each `ScorerInput` already holds, captions included. */
export const defaultScorer: Scorer = (query, document) => lexicalScore(query, document);

/** What answering a request needs, resolved once from the options. */
export interface ServerConfig {
  readonly maxBodyBytes: number;
  readonly latencyMs: number;
  readonly cannedResponse: boolean;
  readonly context: ParseContext;
  readonly authorized: (header: string | undefined) => boolean;
  /** `setScorer` replaces it, so it is read afresh on every call. */
  scorer: Scorer;
}

export function resolveServerConfig(options: RerankServerOptions): ServerConfig {
  return {
    // docs/dashscope-api.md §2.3: bodies up to 64 MiB with Base64 content.
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024 * 1024,
    latencyMs: options.latencyMs ?? 0,
    cannedResponse: options.cannedResponse ?? false,
    context: { captions: options.captions ?? {}, limits: resolveModelLimits(options.limits) },
    authorized: bearerAuthorizer(acceptedKeys(options.apiKey)),
    scorer: options.scorer ?? defaultScorer,
  };
}
