import type { z } from "zod";
import { RerankAPIError } from "../errors/rerank-api-error.js";
import { RerankResponseValidationError } from "../errors/rerank-response-validation-error.js";
import type { RerankModelCallResult } from "../rerank/rerank-model.js";
import { type RawResult, readRanking } from "../rerank/validate-ranking.js";
import { parseRetryAfter } from "./parse-retry-after.js";
import type { RawResponse } from "./post-json.js";

export interface ErrorFields {
  code: string | undefined;
  message: string | undefined;
  requestId: string | undefined;
}

/** What a provider reads out of a successful body. */
export interface ReadResponse<RESULT> {
  results: readonly RESULT[];
  totalTokens: number | undefined;
  requestId: string | undefined;
}

/** How one provider's answers are read. Built once per model where it can be: it holds nothing per call. */
export interface RerankResponseHandler<T> {
  provider: string;
  url: string;
  schema: z.ZodType<T>;
  /**
   * Optional hot path: reads the envelope of a plainly well-formed body without zod (see `quickReadParts`), else
   * `undefined` and the schema decides (and words the error). The results are checked one by one either way.
   */
  quickRead?: (body: unknown) => ReadResponse<unknown> | undefined;
  /** Pulls the results, usage and request id out of a body that passed the schema. */
  read: (body: T) => ReadResponse<RawResult>;
  /** Reads an error body in the provider's own shape; `undefined` fields when it has none. */
  readError: (body: unknown) => ErrorFields;
  /** The provider may answer HTTP 2xx with an error body and no results (DashScope, dashscope-api.md §4.1). */
  errorBodiesIn2xx?: boolean;
}

/** What the request asked for, to check the answer against. */
export interface ExpectedRanking {
  /** Documents sent: every index must be below this. */
  documentCount: number;
  /** Results the answer must carry: `min(topN, documentCount)`. */
  expectedCount: number;
}

// Throttling and internal errors that arrive inside HTTP 200 deserve a retry just like their HTTP twins.
const retryableApiCode = (code: string | undefined) => !!code && /^(Throttling|InternalError|ServiceUnavailable|RequestTimeOut)/i.test(code);

const noErrorFields: ErrorFields = { code: undefined, message: undefined, requestId: undefined };

/** Turns one HTTP answer into a validated ranking, or the right typed error. Never returns a doubtful ranking. */
export function handleRerankResponse<T>(response: RawResponse, handler: RerankResponseHandler<T>, expected: ExpectedRanking): RerankModelCallResult {
  const json = tryParseJson(response.body);
  const ok = response.status >= 200 && response.status <= 299;
  const hasResults = typeof json === "object" && json !== null && ("output" in json || "results" in json);
  const error = json === undefined || (ok && hasResults) ? noErrorFields : handler.readError(json);
  if (!ok || (handler.errorBodiesIn2xx && !hasResults && error.code !== undefined)) {
    throw new RerankAPIError({
      provider: handler.provider,
      status: response.status,
      apiCode: error.code,
      apiMessage: error.message ?? (json === undefined ? response.body.slice(0, 200).replace(/\s+/g, " ").trim() || undefined : undefined),
      requestId: error.requestId,
      url: handler.url,
      responseHeaders: response.headers,
      responseBody: response.body,
      retryAfterMs: parseRetryAfter(response.headers),
      ...(ok ? { isRetryable: retryableApiCode(error.code) } : {}),
    });
  }
  const invalid = (reason: string, cause?: unknown) =>
    new RerankResponseValidationError({
      status: response.status,
      url: handler.url,
      reason,
      responseBody: response.body,
      requestId: json === undefined ? undefined : handler.readError(json).requestId,
      cause,
    });
  if (json === undefined) throw invalid("the body is not valid JSON");
  let read: ReadResponse<unknown> | undefined = handler.quickRead?.(json);
  let ranking = read ? readRanking(read.results, expected.documentCount, expected.expectedCount) : undefined;
  if (read === undefined || ranking === undefined) {
    const parsed = handler.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(`unexpected shape at ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? ""}`, parsed.error);
    }
    read = handler.read(parsed.data);
    // The schema checks each result's shape as readRanking does, so only its index and count checks can fail here.
    ranking = readRanking(read.results, expected.documentCount, expected.expectedCount) ?? "a result has an unexpected shape";
  }
  if (typeof ranking === "string") throw invalid(ranking);
  return { ranking, usage: { totalTokens: read.totalTokens }, requestId: read.requestId, responseHeaders: response.headers, warnings: [] };
}

/**
 * The envelope checks every provider's schema makes, by hand, for `quickRead`: `results` is an array, `usage` is
 * absent or an object whose `tokenKeys` are absent or finite numbers (the first present one is the total), and the
 * request id is absent or a string. `undefined` when anything differs, so the schema words it.
 */
export function quickReadParts(results: unknown, usage: unknown, tokenKeys: readonly string[], requestId: unknown): ReadResponse<unknown> | undefined {
  if (!Array.isArray(results)) return undefined;
  if (requestId !== undefined && requestId !== null && typeof requestId !== "string") return undefined;
  let totalTokens: number | undefined;
  if (usage !== undefined && usage !== null) {
    if (typeof usage !== "object" || Array.isArray(usage)) return undefined;
    for (const key of tokenKeys) {
      const value = (usage as Record<string, unknown>)[key];
      if (value === undefined || value === null) continue;
      if (!Number.isFinite(value)) return undefined;
      totalTokens ??= value as number;
    }
  }
  return { results, totalTokens, requestId: requestId ?? undefined };
}

/** `value` as a record when it is a plain JSON object, else `undefined`. */
export const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
