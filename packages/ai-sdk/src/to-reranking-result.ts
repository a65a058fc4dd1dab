import type { RerankingModelV3, SharedV3Warning } from "@ai-sdk/provider";
import type { RerankDocument, RerankResult, RerankWarning } from "@qwen-rerank/core";
import { qwenProviderKey } from "./qwen-rerank-options.js";

/** What `doRerank` resolves to, per the AI SDK's reranking model specification v3. */
export type RerankingResult = Awaited<ReturnType<RerankingModelV3["doRerank"]>>;

/**
 * `providerMetadata.qwen` of a result. The AI SDK's `rerank()` result has no warnings, so they are repeated here
 * (it logs them through its warning logger, `globalThis.AI_SDK_LOG_WARNINGS`).
 */
export type QwenRerankProviderMetadata = {
  /** One per request sent, in batch order; empty when the answer came from the cache. */
  requestIds: string[];
  /** Requests sent, retries excluded: more than one when the documents exceeded one request's limits. */
  requestCount: number;
  /** Whether the ranking came from the `cache`. */
  cached: boolean;
  /** Tokens billed, summed over the requests; the parts only where the API reports them. */
  usage: { totalTokens: number; imageTokens?: number; textTokens?: number };
  warnings: SharedV3Warning[];
};

/** The core's result as the specification's; `index` already points into the caller's documents. */
export function toRerankingResult(
  result: RerankResult<RerankDocument>,
  documentWarnings: readonly SharedV3Warning[],
): RerankingResult {
  const warnings = [...documentWarnings, ...result.warnings.map(toSharedWarning)];
  const { totalTokens, imageTokens, textTokens } = result.usage;
  const metadata: QwenRerankProviderMetadata = {
    requestIds: result.requestIds,
    requestCount: result.requestCount,
    cached: result.cached,
    usage: {
      totalTokens,
      ...(imageTokens === undefined ? {} : { imageTokens }),
      ...(textTokens === undefined ? {} : { textTokens }),
    },
    warnings,
  };
  return {
    ranking: result.results.map(({ index, score }) => ({ index, relevanceScore: score })),
    providerMetadata: { [qwenProviderKey]: metadata },
    warnings,
    // One request has one id; a call split into several has none of its own (they are all in providerMetadata).
    response: { id: result.requestIds.length === 1 ? result.requestIds[0] : undefined },
  };
}

/** The specification has no truncation warning, so it is an `other` warning, as every `other` of the core is. */
function toSharedWarning(warning: RerankWarning): SharedV3Warning {
  if (warning.type === "compatibility") {
    return { type: "compatibility", feature: warning.feature, details: warning.details };
  }
  return { type: "other", message: `${warning.feature}: ${warning.details}` };
}
