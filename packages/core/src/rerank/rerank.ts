import pLimit from "p-limit";
import type { RerankDocument, RerankWarning, ResolvedDocument } from "../documents/rerank-document.js";
import { resolveDocuments, resolveQuery } from "../documents/resolve-documents.js";
import { RerankTimeoutError } from "../errors/rerank-timeout-error.js";
import { parseOptions } from "./parse-options.js";
import { estimateDocumentTokens, estimateTextTokens, planBatches } from "./plan-batches.js";
import { RateLimiter } from "./rate-limiter.js";
import { type CachedRanking, rerankCacheKey, sharedRerankCache } from "./rerank-cache.js";
import type { RerankModel, RerankModelCallResult } from "./rerank-model.js";
import { type RerankOptions, type RerankResult, type RerankResultItem, rerankOptionsSchema } from "./rerank-options.js";
import { retryWithBackoff } from "./retry-with-backoff.js";

const limiters = new WeakMap<RerankModel, RateLimiter>();

/**
 * Reranks documents against a query: validates, resolves media, removes duplicates, splits the documents where the
 * model's limits require, sends the requests in parallel with retries, and merges the answers into one ranking
 * whose `index` points into your `documents`. Nothing you pass in is mutated.
 */
export async function rerank<DOCUMENT extends RerankDocument>(options: RerankOptions<DOCUMENT>): Promise<RerankResult<DOCUMENT>> {
  parseOptions(rerankOptionsSchema, options);
  const { model } = options;
  const deadline = options.deadlineMs === undefined ? undefined : AbortSignal.timeout(options.deadlineMs);
  const signals = [options.abortSignal, deadline].filter((signal): signal is AbortSignal => signal !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  try {
    return await run(options, model, signal);
  } catch (error) {
    if (deadline?.aborted && !options.abortSignal?.aborted) throw new RerankTimeoutError({ timeoutMs: options.deadlineMs!, kind: "deadline", cause: error });
    throw error;
  }
}

async function run<DOCUMENT extends RerankDocument>(
  options: RerankOptions<DOCUMENT>,
  model: RerankModel,
  signal: AbortSignal | undefined,
): Promise<RerankResult<DOCUMENT>> {
  const resolveOptions = {
    limits: model.limits,
    modelId: model.modelId,
    mixedContent: options.mixedContent ?? (model.limits.supports.mixedDocuments ? "both" : "media"),
    allowedLocalRoots: options.allowedLocalRoots,
    emptyDocuments: options.emptyDocuments ?? "error",
  } as const;
  const [query, resolved] = await Promise.all([resolveQuery(options.query, resolveOptions), resolveDocuments(options.documents, resolveOptions)]);
  const warnings: RerankWarning[] = [...resolved.warnings];

  const scorable = scorableDocuments(resolved.documents, resolved.empty);
  const deduped = options.dedupe === false ? withoutDedupe(scorable.documents) : dedupe(scorable.documents);
  const unique = deduped.unique;
  const copies = scorable.positions ? deduped.copies.map((list) => list.map((position) => scorable.positions![position]!)) : deduped.copies;
  const empty = resolved.empty;
  const queryTokens = "text" in query ? estimateTextTokens(query.text) : estimateDocumentTokens(query, model.limits);
  // estimateTextTokens(text) <= text.length + 1, so only texts longer than the item budget need the exact estimate.
  const maxItem = model.limits.maxTokensPerItem;
  const long = unique.filter(
    (document) => document.text !== undefined && document.text.length + 1 > maxItem && estimateTextTokens(document.text) > maxItem,
  ).length;
  if (long > 0) {
    warnings.push({
      type: "truncation",
      feature: "documents",
      details: `${long} document(s) may exceed ${model.limits.maxTokensPerItem} tokens; the API truncates them.`,
    });
  }

  const batches = planBatches(unique, queryTokens, model.limits);
  const single = batches.length === 1;
  const wireTopN = (size: number) => (options.topN === undefined ? undefined : single ? options.topN : Math.min(options.topN, size));
  const parameters = { returnDocuments: options.returnDocuments, instruct: options.instruct, fps: options.fps };

  const store = options.cache === true ? sharedRerankCache() : options.cache || undefined;
  const cacheKey = store
    ? rerankCacheKey({ provider: model.provider, modelId: model.modelId, query, documents: unique, parameters: { ...parameters, topN: options.topN } })
    : undefined;
  const hit = store && cacheKey ? await store.get(cacheKey) : undefined;
  if (hit) return finish(options, hit, copies, empty, { warnings, requestIds: [], requestCount: 0, cached: true });

  const limiter = rateLimiterFor(model, options.requestsPerMinute);
  // Several batches share a controller so that one failure stops the rest; a single request needs none.
  const controller = single ? undefined : new AbortController();
  const batchSignal = controller ? (signal ? AbortSignal.any([signal, controller.signal]) : controller.signal) : signal;
  // Typed so both branches are callable: the union of an arrow and p-limit's LimitFunction is not (TS2349).
  const limit: <T>(task: () => Promise<T>) => Promise<T> = single ? (task) => task() : pLimit(options.maxParallelCalls ?? 4);
  let completedBatches = 0;
  let completedDocuments = 0;

  const answers = await Promise.all(
    batches.map((batch) =>
      limit(async (): Promise<RerankModelCallResult> => {
        const documents = batch.map((position) => unique[position]!);
        const call = async () => {
          await limiter?.acquire(batchSignal);
          return model.doRerank({
            query,
            documents,
            topN: wireTopN(batch.length),
            returnDocuments: parameters.returnDocuments,
            instruct: parameters.instruct,
            fps: parameters.fps,
            abortSignal: batchSignal,
            headers: options.headers,
            timeoutMs: options.timeoutMs,
          });
        };
        try {
          const answer = await retryWithBackoff(call, { ...options.retry, maxRetries: options.maxRetries ?? 2 }, batchSignal);
          completedBatches++;
          completedDocuments += batch.length;
          options.onProgress?.({ completedBatches, totalBatches: batches.length, completedDocuments, totalDocuments: unique.length });
          return answer;
        } catch (error) {
          // One failed batch fails the call: stop the others rather than pay for answers nobody will see.
          controller?.abort(error);
          throw error;
        }
      }),
    ),
  );

  const ranking: CachedRanking = { ranking: [], totalTokens: 0 };
  const requestIds: string[] = [];
  answers.forEach((answer, batchNumber) => {
    const batch = batches[batchNumber]!;
    for (const { index, score } of answer.ranking) ranking.ranking.push([batch[index]!, score]);
    ranking.totalTokens += answer.usage.totalTokens ?? 0;
    if (answer.requestId) requestIds.push(answer.requestId);
    warnings.push(...answer.warnings);
  });
  if (store && cacheKey) await store.set(cacheKey, ranking);
  return finish(options, ranking, copies, empty, { warnings, requestIds, requestCount: batches.length, cached: false });
}

function finish<DOCUMENT extends RerankDocument>(
  options: RerankOptions<DOCUMENT>,
  ranking: CachedRanking,
  copies: readonly number[][],
  empty: readonly number[],
  extra: { warnings: RerankWarning[]; requestIds: string[]; requestCount: number; cached: boolean },
): RerankResult<DOCUMENT> {
  const results: Array<RerankResultItem<DOCUMENT>> = [];
  for (const [position, score] of ranking.ranking) {
    if (options.scoreThreshold !== undefined && score < options.scoreThreshold) continue;
    for (const index of copies[position]!) results.push({ index, score, document: options.documents[index]! });
  }
  results.sort((a, b) => b.score - a.score || a.index - b.index);
  // Documents with nothing to score (emptyDocuments: "rankLast") were never sent; they follow every scored one.
  if (options.scoreThreshold === undefined || options.scoreThreshold <= 0) {
    for (const index of empty) results.push({ index, score: 0, document: options.documents[index]! });
  }
  if (options.topN !== undefined && results.length > options.topN) results.length = options.topN;
  return { results, usage: { totalTokens: extra.cached ? 0 : ranking.totalTokens }, ...extra };
}

function dedupe(documents: readonly ResolvedDocument[]): { unique: ResolvedDocument[]; copies: number[][] } {
  const unique: ResolvedDocument[] = [];
  const copies: number[][] = [];
  // Keyed by the strings themselves rather than by one concatenated key: a concatenation is a new string that Map
  // must flatten and hash, i.e. a copy of every text and every multi-MB data URI, on every call. (A document carries
  // an image or a video, never both; resolveDocuments enforces it.)
  const byText = new Map<string | undefined, number>();
  const byImage = new Map<string, Map<string | undefined, number>>();
  const byVideo = new Map<string, Map<string | undefined, number>>();
  documents.forEach((document, index) => {
    const media = document.image ?? document.video;
    let table = byText;
    if (media !== undefined) {
      const tables = document.image !== undefined ? byImage : byVideo;
      table = tables.get(media) ?? new Map();
      tables.set(media, table);
    }
    const position = table.get(document.text);
    if (position !== undefined) copies[position]!.push(index);
    else {
      table.set(document.text, unique.length);
      unique.push(document);
      copies.push([index]);
    }
  });
  return { unique, copies };
}

function scorableDocuments(documents: readonly ResolvedDocument[], empty: readonly number[]) {
  if (empty.length === 0) return { documents, positions: undefined };
  const skipped = new Set(empty);
  const positions = documents.flatMap((_, index) => (skipped.has(index) ? [] : [index]));
  return { documents: positions.map((index) => documents[index]!), positions };
}

function withoutDedupe(documents: readonly ResolvedDocument[]) {
  return { unique: [...documents], copies: documents.map((_, index) => [index]) };
}

function rateLimiterFor(model: RerankModel, requestsPerMinute: number | undefined): RateLimiter | undefined {
  if (requestsPerMinute === undefined) return undefined;
  let limiter = limiters.get(model);
  if (limiter?.requestsPerMinute !== requestsPerMinute) {
    limiter = new RateLimiter(requestsPerMinute);
    limiters.set(model, limiter);
  }
  return limiter;
}
