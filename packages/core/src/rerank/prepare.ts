import { rerankDefaults } from "../defaults.js";
import { resolveDocuments } from "../documents/resolve-documents.js";
import type { ResolveOptions } from "../documents/resolve-options.js";
import { resolveQuery } from "../documents/resolve-query.js";
import type { RerankDocument, ResolvedDocument, ResolvedQuery } from "../spec/rerank-document.js";
import type { RerankModel } from "../spec/rerank-model.js";
import type { RerankWarning } from "../spec/rerank-warning.js";
import { dedupe } from "./dedupe.js";
import { estimateItemTokens, estimateTextTokens } from "./estimate-tokens.js";
import { planBatches } from "./plan-batches.js";
import type { RerankOptions } from "./rerank-options.js";

/** Everything `rerank()` needs to send a call and map the answers back; built once, never changed. */
export interface RerankPlan {
  query: ResolvedQuery;
  /** What is sent: the scorable documents, each once. */
  unique: readonly ResolvedDocument[];
  /** For each unique document, the caller's indices it stands for (its first copy first). */
  owners: readonly (readonly number[])[];
  /** The requests: each batch lists positions in `unique`, in order. */
  batches: readonly (readonly number[])[];
  /** Each batch's estimated tokens (`query × documents + documents`), for a token rate limit. */
  batchTokens: readonly number[];
  /** Caller's indices of the documents with nothing to score (`emptyDocuments: "rankLast"`), ascending. */
  empty: readonly number[];
  warnings: RerankWarning[];
}

/** Resolves the query and documents, sends identical documents once, and plans the requests. */
export async function prepare(options: RerankOptions<RerankDocument>, model: RerankModel): Promise<RerankPlan> {
  const { limits } = model;
  const resolveOptions: ResolveOptions = {
    limits,
    modelId: model.modelId,
    mixedContent: options.mixedContent ?? (limits.supports.mixedDocuments ? "both" : "media"),
    allowedLocalRoots: options.allowedLocalRoots,
    emptyDocuments: options.emptyDocuments ?? rerankDefaults.emptyDocuments,
    invalidMedia: options.invalidMedia ?? rerankDefaults.invalidMedia,
  };
  const [query, resolved] = await Promise.all([
    resolveQuery(options.query, resolveOptions),
    resolveDocuments(options.documents, resolveOptions),
  ]);
  const { unique, owners } = dedupe(resolved.documents, resolved.empty, options.dedupe !== false);
  const tokens = unique.map((document) => estimateItemTokens(document, limits));
  const queryTokens = estimateItemTokens(query, limits);
  const batches = planBatches(unique, tokens, queryTokens, limits);
  const batchTokens = batches.map((batch) => batch.reduce((sum, position) => sum + tokens[position]! + queryTokens, 0));
  const warnings = [...resolved.warnings, ...longItemWarnings(unique, tokens, limits.maxTokensPerItem)];
  return { query, unique, owners, batches, batchTokens, empty: resolved.empty, warnings };
}

function longItemWarnings(
  documents: readonly ResolvedDocument[],
  tokens: readonly number[],
  maxTokensPerItem: number,
): RerankWarning[] {
  // Item estimates stop at the budget, so only the documents at it can be over it.
  const long = documents.filter(
    ({ text }, position) =>
      tokens[position] === maxTokensPerItem && text !== undefined && estimateTextTokens(text) > maxTokensPerItem,
  );
  if (long.length === 0) return [];
  const details = `${long.length} document(s) may exceed ${maxTokensPerItem} tokens; the API truncates them.`;
  return [{ type: "truncation", feature: "documents", details }];
}
