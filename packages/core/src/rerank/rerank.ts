import pLimit from "p-limit";
import type { RerankDocument, RerankWarning, ResolvedDocument } from "../documents/rerank-document.js";
import { resolveDocuments, resolveQuery, resolveTextOnly } from "../documents/resolve-documents.js";
import { RerankTimeoutError } from "../errors/rerank-timeout-error.js";
import { estimateDocumentTokens, estimateTextTokens, planBatches } from "./plan-batches.js";
import { RateLimiter } from "./rate-limiter.js";
import { rerankCacheKey, sharedRerankCache } from "./rerank-cache.js";
import type { RerankModel, RerankModelCallOptions, RerankModelCallResult } from "./rerank-model.js";
import { checkRerankOptions, type RerankOptions, type RerankResult, type RerankResultItem } from "./rerank-options.js";
import { retryFailedAttempt, retryWithBackoff } from "./retry-with-backoff.js";

const limiters = new WeakMap<RerankModel, RateLimiter>();

/**
 * Reranks documents against a query: validates, resolves media, removes duplicates, splits the documents where the
 * model's limits require, sends the requests in parallel with retries, and merges the answers into one ranking
 * whose `index` points into your `documents`. Nothing you pass in is mutated.
 */
export function rerank<DOCUMENT extends RerankDocument>(options: RerankOptions<DOCUMENT>): Promise<RerankResult<DOCUMENT>> {
  // Not an async function: each async layer adds microtask turns to every call (see `pnpm bench`), and only a
  // deadline needs a catch here. Bad options still reject the promise, as from an async function; they never throw.
  try {
    checkRerankOptions(options);
  } catch (error) {
    return Promise.reject(error);
  }
  const { abortSignal } = options;
  if (options.deadlineMs === undefined) return run(options, options.model, abortSignal);
  const deadline = AbortSignal.timeout(options.deadlineMs);
  const result = run(options, options.model, abortSignal ? AbortSignal.any([abortSignal, deadline]) : deadline);
  return result.catch((error: unknown) => {
    if (deadline.aborted && !options.abortSignal?.aborted) throw new RerankTimeoutError({ timeoutMs: options.deadlineMs!, kind: "deadline", cause: error });
    throw error;
  });
}

async function run<DOCUMENT extends RerankDocument>(
  options: RerankOptions<DOCUMENT>,
  model: RerankModel,
  signal: AbortSignal | undefined,
): Promise<RerankResult<DOCUMENT>> {
  const textOnly = resolveTextOnly(options.query, options.documents);
  const [query, resolved] = textOnly ? [textOnly.query, textOnly] : await resolveAll(options, model);
  const warnings: RerankWarning[] = textOnly ? textOnly.warnings : [...resolved.warnings];

  const deduped = dedupe(resolved.documents, resolved.empty, options.dedupe !== false && textOnly?.distinct !== true);
  const { unique } = deduped;
  const empty = resolved.empty;
  const queryTokens = "text" in query ? estimateTextTokens(query.text) : estimateDocumentTokens(query, model.limits);
  // estimateTextTokens(text) <= text.length + 1, so only texts longer than the item budget need the exact estimate.
  const maxItem = model.limits.maxTokensPerItem;
  let long = 0;
  // The text-only path already knows its longest text, and it is almost always far below the budget.
  if (textOnly === undefined || textOnly.longest + 1 > maxItem) {
    for (const document of unique) {
      if (document.text !== undefined && document.text.length + 1 > maxItem && estimateTextTokens(document.text) > maxItem) long++;
    }
  }
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
  if (hit) {
    const scored: Scored = [{ ranking: hit.ranking.map(([position, score]) => ({ index: position, score })), batch: undefined }];
    return finish(options, scored, deduped, empty, { warnings, requestIds: [], requestCount: 0, cached: true, totalTokens: 0 });
  }

  const limiter = rateLimiterFor(model, options.requestsPerMinute);
  // Several batches share a controller so that one failure stops the rest; a single request needs none.
  const controller = single ? undefined : new AbortController();
  const batchSignal = controller ? (signal ? AbortSignal.any([signal, controller.signal]) : controller.signal) : signal;
  const retry = { ...options.retry, maxRetries: options.maxRetries ?? 2 };
  let completedBatches = 0;
  let completedDocuments = 0;

  /** One attempt at one batch, after the rate limiter when there is one. */
  const attempt = (batch: readonly number[]): (() => Promise<RerankModelCallResult>) => {
    // A single batch holds every document in order (planBatches), so it is sent as it is.
    // One options object for every attempt at the batch: the model serialises the body once and resends it.
    const callOptions: RerankModelCallOptions = {
      query,
      documents: single ? unique : batch.map((position) => unique[position]!),
      topN: wireTopN(batch.length),
      returnDocuments: parameters.returnDocuments,
      instruct: parameters.instruct,
      fps: parameters.fps,
      abortSignal: batchSignal,
      headers: options.headers,
      timeoutMs: options.timeoutMs,
    };
    const request = () => model.doRerank(callOptions);
    // No async wrappers unless there is work for them (a limiter to wait for, progress to report, other batches to
    // stop): every async layer adds microtask turns to each call.
    return limiter
      ? async () => {
          await limiter.acquire(batchSignal);
          return request();
        }
      : request;
  };
  const send = (batch: readonly number[]): Promise<RerankModelCallResult> =>
    retryWithBackoff(attempt(batch), retry, batchSignal).then(
      (value) => {
        completedBatches++;
        completedDocuments += batch.length;
        options.onProgress?.({ completedBatches, totalBatches: batches.length, completedDocuments, totalDocuments: unique.length });
        return value;
      },
      (error: unknown) => {
        // One failed batch fails the call: stop the others rather than pay for answers nobody will see.
        controller?.abort(error);
        throw error;
      },
    );
  // One request, the common case, skips p-limit's queue, Promise.all and retryWithBackoff's own promise: each layer
  // costs microtask turns. It is retried all the same.
  let answers: RerankModelCallResult[];
  if (single && !options.onProgress) {
    const call = attempt(batches[0]!);
    try {
      answers = [await call()];
    } catch (error) {
      answers = [await retryFailedAttempt(error, call, retry, batchSignal)];
    }
  } else {
    const limit = pLimit(options.maxParallelCalls ?? 4);
    answers = await Promise.all(batches.map((batch) => limit(() => send(batch))));
  }

  const scored: Scored = answers.map((answer, batchNumber) => ({ ranking: answer.ranking, batch: single ? undefined : batches[batchNumber] }));
  const requestIds: string[] = [];
  let totalTokens = 0;
  for (const answer of answers) {
    totalTokens += answer.usage.totalTokens ?? 0;
    if (answer.requestId) requestIds.push(answer.requestId);
    warnings.push(...answer.warnings);
  }
  if (store && cacheKey) {
    const ranking = scored.flatMap(({ ranking, batch }) => ranking.map(({ index, score }): [number, number] => [batch ? batch[index]! : index, score]));
    await store.set(cacheKey, { ranking, totalTokens });
  }
  return finish(options, scored, deduped, empty, { warnings, requestIds, requestCount: batches.length, cached: false, totalTokens });
}

/** Validates and resolves any query and documents, media included (the general path). */
function resolveAll(options: RerankOptions<RerankDocument>, model: RerankModel) {
  const resolveOptions = {
    limits: model.limits,
    modelId: model.modelId,
    mixedContent: options.mixedContent ?? (model.limits.supports.mixedDocuments ? "both" : "media"),
    allowedLocalRoots: options.allowedLocalRoots,
    emptyDocuments: options.emptyDocuments ?? "error",
  } as const;
  return Promise.all([resolveQuery(options.query, resolveOptions), resolveDocuments(options.documents, resolveOptions)]);
}

/**
 * The answers' scores: each ranking's `index` points into its batch, whose entries are positions in the
 * de-duplicated documents (`undefined`: the batch is every position in order, so the index is the position).
 */
type Scored = ReadonlyArray<{ ranking: ReadonlyArray<{ index: number; score: number }>; batch: readonly number[] | undefined }>;

interface Deduped {
  /** What is sent: the scorable documents, each once. */
  unique: readonly ResolvedDocument[];
  /** The caller's index of each unique document's first copy; `undefined` when that is its own position. */
  origin: readonly number[] | undefined;
  /** The caller's indices of the further copies, for the few unique documents that have them. */
  more: Map<number, number[]> | undefined;
}

function finish<DOCUMENT extends RerankDocument>(
  options: RerankOptions<DOCUMENT>,
  scored: Scored,
  { origin, more }: Deduped,
  empty: readonly number[],
  extra: { warnings: RerankWarning[]; requestIds: string[]; requestCount: number; cached: boolean; totalTokens: number },
): RerankResult<DOCUMENT> {
  const { documents, scoreThreshold } = options;
  const results: Array<RerankResultItem<DOCUMENT>> = [];
  for (const { ranking, batch } of scored) {
    for (const { index, score } of ranking) {
      if (scoreThreshold !== undefined && score < scoreThreshold) continue;
      const position = batch ? batch[index]! : index;
      const first = origin ? origin[position]! : position;
      results.push({ index: first, score, document: documents[first]! });
      const copies = more?.get(position);
      if (copies) for (const copy of copies) results.push({ index: copy, score, document: documents[copy]! });
    }
  }
  // A single answer usually arrives sorted already; checking is linear where sorting is not.
  if (!isRanked(results)) results.sort((a, b) => b.score - a.score || a.index - b.index);
  // Documents with nothing to score (emptyDocuments: "rankLast") were never sent; they follow every scored one.
  if (scoreThreshold === undefined || scoreThreshold <= 0) {
    for (const index of empty) results.push({ index, score: 0, document: documents[index]! });
  }
  if (options.topN !== undefined && results.length > options.topN) results.length = options.topN;
  return {
    results,
    usage: { totalTokens: extra.totalTokens },
    requestIds: extra.requestIds,
    warnings: extra.warnings,
    requestCount: extra.requestCount,
    cached: extra.cached,
  };
}

/** Whether `results` are in rank order: score descending, ties by index ascending. */
function isRanked(results: ReadonlyArray<{ index: number; score: number }>): boolean {
  for (let i = 1; i < results.length; i++) {
    const previous = results[i - 1]!;
    const current = results[i]!;
    if (current.score > previous.score || (current.score === previous.score && current.index < previous.index)) return false;
  }
  return true;
}

/**
 * Leaves out the documents with nothing to score and, with `merge`, sends identical documents once. Keyed by the
 * strings themselves rather than by one concatenated key: a concatenation is a new string that Map must flatten
 * and hash, i.e. a copy of every text and every multi-MB data URI, on every call. (A document carries an image or
 * a video, never both; resolveDocuments enforces it.)
 */
function dedupe(documents: readonly ResolvedDocument[], empty: readonly number[], merge: boolean): Deduped {
  if (empty.length === 0 && !merge) return { unique: documents, origin: undefined, more: undefined };
  const skipped = empty.length > 0 ? new Set(empty) : undefined;
  const unique: ResolvedDocument[] = [];
  const origin: number[] = [];
  let more: Map<number, number[]> | undefined;
  const byText = new Map<string | undefined, number>();
  const byImage = new Map<string, Map<string | undefined, number>>();
  const byVideo = new Map<string, Map<string | undefined, number>>();
  for (let index = 0; index < documents.length; index++) {
    if (skipped?.has(index)) continue;
    const document = documents[index]!;
    if (merge) {
      const media = document.image ?? document.video;
      let table = byText;
      if (media !== undefined) {
        const tables = document.image !== undefined ? byImage : byVideo;
        table = tables.get(media) ?? new Map();
        tables.set(media, table);
      }
      const position = table.get(document.text);
      if (position !== undefined) {
        more ??= new Map();
        const copies = more.get(position);
        if (copies) copies.push(index);
        else more.set(position, [index]);
        continue;
      }
      table.set(document.text, unique.length);
    }
    unique.push(document);
    origin.push(index);
  }
  return { unique, origin, more };
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
