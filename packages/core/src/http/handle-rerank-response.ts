import type { z } from "zod";
import { RerankAPIError } from "../errors/rerank-api-error.js";
import { RerankResponseValidationError } from "../errors/rerank-response-validation-error.js";
import type { RerankModelCallResult } from "../rerank/rerank-model.js";
import { findRankingProblem, type RawResult } from "../rerank/validate-ranking.js";
import { parseRetryAfter } from "./parse-retry-after.js";
import type { RawResponse } from "./post-json.js";

export interface ErrorFields {
  code: string | undefined;
  message: string | undefined;
  requestId: string | undefined;
}

export interface RerankResponseHandler<T> {
  provider: string;
  url: string;
  schema: z.ZodType<T>;
  /**
   * Optional hot path: returns `body` typed when it is plainly well-formed, else `undefined` and the schema decides
   * (and words the error). Skips zod's copy of every result on the common, valid answer.
   */
  quickCheck?: (body: unknown) => T | undefined;
  /** Pulls the results, usage and request id out of a body that passed the schema. */
  read: (body: T) => { results: RawResult[]; totalTokens: number | undefined; requestId: string | undefined };
  /** Reads an error body in the provider's own shape; `undefined` fields when it has none. */
  readError: (body: unknown) => ErrorFields;
  /** The provider may answer HTTP 2xx with an error body and no results (DashScope, dashscope-api.md §4.1). */
  errorBodiesIn2xx?: boolean;
  documentCount: number;
  expectedCount: number;
}

// Throttling and internal errors that arrive inside HTTP 200 deserve a retry just like their HTTP twins.
const retryableApiCode = (code: string | undefined) => !!code && /^(Throttling|InternalError|ServiceUnavailable|RequestTimeOut)/i.test(code);

const noErrorFields: ErrorFields = { code: undefined, message: undefined, requestId: undefined };

/** Turns one HTTP answer into a validated ranking, or the right typed error. Never returns a doubtful ranking. */
export function handleRerankResponse<T>(response: RawResponse, handler: RerankResponseHandler<T>): RerankModelCallResult {
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
  let data = handler.quickCheck?.(json);
  if (data === undefined) {
    const parsed = handler.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalid(`unexpected shape at ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? ""}`, parsed.error);
    }
    data = parsed.data;
  }
  const { results, totalTokens, requestId } = handler.read(data);
  const problem = findRankingProblem(results, handler.documentCount, handler.expectedCount);
  if (problem) throw invalid(problem);
  return {
    ranking: results.map((result) => ({ index: result.index, score: result.relevance_score, document: result.document })),
    usage: { totalTokens },
    requestId,
    responseHeaders: response.headers,
    warnings: [],
  };
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
