import type { z } from "zod";
import { RerankAPIError } from "../spec/errors/rerank-api-error.js";
import { RerankResponseValidationError } from "../spec/errors/rerank-response-validation-error.js";
import type { RerankModelCallResult, RerankModelUsage } from "../spec/rerank-model.js";
import { parseRetryAfter } from "./parse-retry-after.js";
import type { RawResponse } from "./post-json.js";
import { type ExpectedRanking, readRanking } from "./validate-ranking.js";

/** An error body's fields, in whatever shape the provider uses; `undefined` where it says nothing. */
export interface ErrorFields {
  code: string | undefined;
  message: string | undefined;
  requestId: string | undefined;
}

/** What a provider knows about its answers; the shared reader below knows no provider. */
export interface AnswerReader<BODY> {
  /** The provider's name in messages, e.g. `"DashScope"`. */
  label: string;
  /** A successful body's envelope. Minimal: only what `read` needs; the results themselves are checked by `readRanking`. */
  schema: z.ZodType<BODY>;
  read(body: BODY): { results: readonly unknown[]; usage: RerankModelUsage; requestId: string | undefined };
  /** Reads an error body; called for non-2xx answers and for 2xx bodies without results. */
  readError(body: unknown): ErrorFields;
  /** Whether a 2xx body carries results at all; one without them but with an error code is an API error. */
  hasResults(body: unknown): boolean;
  /** Whether an API error is worth retrying; `undefined` leaves it to the status (408, 409, 429 and 5xx are). */
  isRetryable?(status: number, apiCode: string | undefined, message: string | undefined): boolean | undefined;
  /** What the caller should know about an API error beyond its message, e.g. that a quota is spent. */
  hint?(status: number, apiCode: string | undefined, message: string | undefined): string | undefined;
}

/** Turns one HTTP answer into a checked ranking, or the right typed error. Never returns a doubtful ranking. */
export function readAnswer<BODY>(
  response: RawResponse,
  reader: AnswerReader<BODY>,
  url: string,
  expected: ExpectedRanking,
): RerankModelCallResult {
  const json = parseJson(response.body);
  const ok = response.status >= 200 && response.status <= 299;
  if (!ok || (json !== undefined && !reader.hasResults(json))) {
    const error = json === undefined ? undefined : reader.readError(json);
    if (!ok || error?.code !== undefined) throw apiError(response, reader, url, error, json === undefined);
  }
  const invalid = (reason: string, cause?: unknown) =>
    new RerankResponseValidationError({
      status: response.status,
      url,
      reason,
      responseBody: response.body,
      requestId: json === undefined ? undefined : reader.readError(json).requestId,
      cause,
    });
  if (json === undefined) throw invalid("the body is not valid JSON");
  const parsed = reader.schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`unexpected shape at ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? ""}`, parsed.error);
  }
  const { results, usage, requestId } = reader.read(parsed.data);
  const ranking = readRanking(results, expected);
  if (typeof ranking === "string") throw invalid(ranking);
  return { ranking, usage, requestId };
}

function apiError<BODY>(
  response: RawResponse,
  reader: AnswerReader<BODY>,
  url: string,
  error: ErrorFields | undefined,
  notJson: boolean,
): RerankAPIError {
  // A body that is not JSON (a proxy's HTML page) is quoted, briefly, as the message.
  const excerpt = notJson ? response.body.slice(0, 200).replace(/\s+/g, " ").trim() || undefined : undefined;
  const isRetryable = reader.isRetryable?.(response.status, error?.code, error?.message);
  const hint = reader.hint?.(response.status, error?.code, error?.message);
  const message = error?.message ?? excerpt;
  return new RerankAPIError({
    provider: reader.label,
    status: response.status,
    apiCode: error?.code,
    apiMessage: hint ? `${message ?? ""} (${hint})`.trimStart() : message,
    requestId: error?.requestId,
    url,
    responseHeaders: response.headers,
    responseBody: response.body,
    retryAfterMs: parseRetryAfter(response.headers),
    ...(isRetryable === undefined ? {} : { isRetryable }),
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
