import type { Dispatcher } from "undici";
import type { ResolvedDocument } from "../documents/rerank-document.js";
import { RerankAPIError } from "../errors/rerank-api-error.js";
import { RerankResponseValidationError } from "../errors/rerank-response-validation-error.js";
import { parseRetryAfter } from "../http/parse-retry-after.js";
import { postJson } from "../http/post-json.js";
import type { RerankModel, RerankModelCallOptions, RerankModelCallResult } from "../rerank/rerank-model.js";
import { findRankingProblem } from "../rerank/validate-ranking.js";
import { dashscopeModelLimits } from "./dashscope-model-limits.js";
import { type DashScopeDocument, type DashScopeRerankRequest, dashscopeErrorSchema, dashscopeRerankResponseSchema } from "./dashscope-rerank-api.js";

export interface DashScopeRerankModelConfig {
  provider: string;
  baseURL: string;
  /** Called per request so that the API key is read lazily and never stored on the model. */
  headers: () => Record<string, string>;
  dispatcher: Dispatcher | undefined;
}

// Throttling and internal errors that arrive inside HTTP 200 deserve a retry just like their HTTP twins.
const retryableApiCode = (code: string | undefined) => !!code && /^(Throttling|InternalError|ServiceUnavailable|RequestTimeOut)/.test(code);
const defaultTimeoutMs = 30_000;

export function createDashScopeRerankModel(modelId: string, config: DashScopeRerankModelConfig): RerankModel {
  const limits = dashscopeModelLimits(modelId);
  const url = `${config.baseURL}/services/rerank/text-rerank/text-rerank`;
  const multimodal = limits.supports.image;

  async function doRerank(options: RerankModelCallOptions): Promise<RerankModelCallResult> {
    const body: DashScopeRerankRequest = {
      model: modelId,
      input: {
        // The documented qwen3-vl-rerank example sends a plain-string query (dashscope-api.md §2.1).
        query: "text" in options.query ? options.query.text : { image: options.query.image },
        documents: options.documents.map(multimodal ? toMultimodalDocument : toTextDocument),
      },
    };
    const parameters = {
      return_documents: options.returnDocuments,
      top_n: options.topN,
      instruct: options.instruct,
      fps: options.fps,
    };
    const present = Object.fromEntries(Object.entries(parameters).filter(([, value]) => value !== undefined));
    if (Object.keys(present).length > 0) body.parameters = present;

    const response = await postJson({
      url,
      headers: { ...config.headers(), ...options.headers },
      body: JSON.stringify(body),
      dispatcher: config.dispatcher,
      abortSignal: options.abortSignal,
      timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
    });

    const json = tryParseJson(response.body);
    const errorBody = dashscopeErrorSchema.safeParse(json);
    const error = errorBody.success ? errorBody.data : undefined;
    const hasOutput = typeof json === "object" && json !== null && "output" in json;
    if (response.status < 200 || response.status > 299 || (error?.code && !hasOutput)) {
      const ok = response.status >= 200 && response.status <= 299;
      throw new RerankAPIError({
        provider: "DashScope",
        status: response.status,
        apiCode: error?.code ?? undefined,
        apiMessage: (error?.message ?? error?.msg ?? (json === undefined ? response.body.slice(0, 200).replace(/\s+/g, " ") : undefined)) || undefined,
        requestId: error?.request_id ?? undefined,
        url,
        responseHeaders: response.headers,
        responseBody: response.body,
        retryAfterMs: parseRetryAfter(response.headers),
        ...(ok ? { isRetryable: retryableApiCode(error?.code ?? undefined) } : {}),
      });
    }

    const requestId = (error?.request_id ?? undefined) as string | undefined;
    const invalid = (reason: string, cause?: unknown) =>
      new RerankResponseValidationError({ status: response.status, url, reason, responseBody: response.body, requestId, cause });
    if (json === undefined) throw invalid("the body is not valid JSON");
    const parsed = dashscopeRerankResponseSchema.safeParse(json);
    if (!parsed.success) throw invalid(`unexpected shape: ${parsed.error.issues[0]?.path.join(".") ?? ""} ${parsed.error.issues[0]?.message ?? ""}`.trim(), parsed.error);
    const results = parsed.data.output.results;
    const expected = Math.min(options.topN ?? options.documents.length, options.documents.length);
    const problem = findRankingProblem(results, options.documents.length, expected);
    if (problem) throw invalid(problem);

    return {
      ranking: results.map((result) => ({ index: result.index, score: result.relevance_score, document: result.document })),
      usage: { totalTokens: parsed.data.usage?.total_tokens ?? parsed.data.usage?.input_tokens ?? undefined },
      requestId: parsed.data.request_id ?? undefined,
      responseHeaders: response.headers,
      warnings: [],
    };
  }

  return { specificationVersion: "v1", provider: config.provider, modelId, limits, doRerank };
}

function toTextDocument(document: ResolvedDocument): DashScopeDocument {
  return document.text ?? "";
}

function toMultimodalDocument(document: ResolvedDocument): DashScopeDocument {
  const wire: { text?: string; image?: string; video?: string } = {};
  if (document.text !== undefined) wire.text = document.text;
  if (document.image !== undefined) wire.image = document.image;
  if (document.video !== undefined) wire.video = document.video;
  return wire;
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
