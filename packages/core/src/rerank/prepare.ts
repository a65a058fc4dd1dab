import { rerankDefaults } from "../defaults.js";
import { resolveDocuments } from "../documents/resolve-documents.js";
import type { ResolveOptions } from "../documents/resolve-options.js";
import { resolveQuery } from "../documents/resolve-query.js";
import { InvalidArgumentError } from "../spec/errors/invalid-argument-error.js";
import type { RerankDocument, ResolvedDocument, ResolvedQuery } from "../spec/rerank-document.js";
import type { RerankModel } from "../spec/rerank-model.js";
import type { RerankWarning } from "../spec/rerank-warning.js";
import { dedupe } from "./dedupe.js";
import { estimateItemBytes } from "./estimate-bytes.js";
import { estimateItemTokens } from "./estimate-tokens.js";
import { planBatches } from "./plan-batches.js";
import type { RerankOptions } from "./rerank-options.js";
import { textBudget, truncateTexts } from "./truncate-texts.js";

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
  /** The tokens each document's text was cut to fit. */
  maxTokensPerDocument: number;
  /** Caller's indices of the documents with nothing to score (`emptyDocuments: "rankLast"`), ascending. */
  empty: readonly number[];
  warnings: RerankWarning[];
}

/** Resolves the query and documents, cuts long texts, sends identical documents once, and plans the requests. */
export async function prepare(options: RerankOptions<RerankDocument>, model: RerankModel): Promise<RerankPlan> {
  const { limits } = model;
  const resolveOptions: ResolveOptions = {
    limits,
    modelId: model.modelId,
    mixedContent: options.mixedContent ?? (limits.supports.mixedDocuments ? "both" : "media"),
    allowedLocalRoots: options.allowedLocalRoots,
    imageResize: options.imageResize,
    emptyDocuments: options.emptyDocuments ?? rerankDefaults.emptyDocuments,
    invalidMedia: options.invalidMedia ?? rerankDefaults.invalidMedia,
  };
  const [query, resolved] = await Promise.all([
    resolveQuery(options.query, resolveOptions),
    resolveDocuments(options.documents, resolveOptions),
  ]);
  const queryTokens = estimateItemTokens(query, limits);
  const budget = textBudget(limits, queryTokens);
  const cut = truncateTexts(resolved.documents, budget, options.longDocuments ?? rerankDefaults.longDocuments);
  const { unique, owners } = dedupe(cut.documents, resolved.empty, options.dedupe !== false);
  const tokens = unique.map((document) => estimateItemTokens(document, limits));
  const sizes = { tokens, bytes: unique.map(estimateItemBytes), queryTokens, queryBytes: estimateItemBytes(query) };
  checkSizes(sizes, owners, limits.maxRequestBytes);
  const batches = planBatches(unique, sizes, limits);
  const batchTokens = batches.map((batch) => batch.reduce((sum, position) => sum + tokens[position]! + queryTokens, 0));
  const warnings = [...resolved.warnings, ...cut.warnings];
  return {
    query,
    unique,
    owners,
    batches,
    batchTokens,
    maxTokensPerDocument: budget.tokens,
    empty: resolved.empty,
    warnings,
  };
}

/** A document that alone is larger than a request may be can only fail at the gateway: refuse it now. */
function checkSizes(
  sizes: { bytes: readonly number[]; queryBytes: number },
  owners: readonly (readonly number[])[],
  maxRequestBytes: number | undefined,
): void {
  if (maxRequestBytes === undefined) return;
  const position = sizes.bytes.findIndex((bytes) => bytes + sizes.queryBytes > maxRequestBytes);
  if (position === -1) return;
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const message = `is ${mib(sizes.bytes[position]!)} on the wire with the query, more than one request may carry (${mib(maxRequestBytes)}); send a smaller image or a URL.`;
  throw new InvalidArgumentError({ argument: `documents[${owners[position]![0]}]`, message });
}
