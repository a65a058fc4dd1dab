import type { Dispatcher } from "undici";
import type { z } from "zod";
import type { ResolvedDocument } from "../documents/rerank-document.js";
import { type ErrorFields, handleRerankResponse } from "../http/handle-rerank-response.js";
import { postJson } from "../http/post-json.js";
import type { RerankModel, RerankModelCallOptions, RerankModelCallResult } from "../rerank/rerank-model.js";
import { dashscopeModelLimits } from "./dashscope-model-limits.js";
import {
  type DashScopeDocument,
  type DashScopeRerankRequest,
  dashscopeCompatibleResponseSchema,
  dashscopeErrorSchema,
  dashscopeRerankResponseSchema,
} from "./dashscope-rerank-api.js";

export interface DashScopeRerankModelConfig {
  provider: string;
  baseURL: string;
  compatibleBaseURL: string;
  /** Called per request so that the API key is read lazily and never stored on the model. */
  headers: () => Record<string, string>;
  readonly dispatcher: Dispatcher | undefined;
}

export interface DashScopeRerankModelSettings {
  /**
   * `"native"`: `/services/rerank/text-rerank/text-rerank`, every model. `"compatible"`: the OpenAI-compatible
   * `/compatible-api/v1/reranks`, documented for qwen3-rerank only (dashscope-api.md §1.2). @default "native"
   */
  api?: "native" | "compatible";
}

const defaultTimeoutMs = 30_000;

export function readDashScopeError(body: unknown): ErrorFields {
  const parsed = dashscopeErrorSchema.safeParse(body);
  if (!parsed.success) return { code: undefined, message: undefined, requestId: undefined };
  const { code, message, msg, request_id, error } = parsed.data;
  return {
    code: code ?? error?.code ?? error?.type ?? undefined,
    message: message ?? msg ?? error?.message ?? undefined,
    requestId: request_id ?? undefined,
  };
}

export function createDashScopeRerankModel(modelId: string, config: DashScopeRerankModelConfig, settings: DashScopeRerankModelSettings = {}): RerankModel {
  const compatible = settings.api === "compatible";
  const native = dashscopeModelLimits(modelId);
  // The compatible endpoint takes string documents only (dashscope-api.md §1.2).
  const limits = compatible ? { ...native, supports: { image: false, video: false, imageQuery: false, mixedDocuments: false } } : native;
  const url = compatible ? `${config.compatibleBaseURL}/reranks` : `${config.baseURL}/services/rerank/text-rerank/text-rerank`;
  const multimodal = limits.supports.image;

  async function doRerank(options: RerankModelCallOptions): Promise<RerankModelCallResult> {
    const query = "text" in options.query ? options.query.text : { image: options.query.image };
    const documents = options.documents.map(multimodal ? toMultimodalDocument : toTextDocument);
    const parameters = withoutUndefined({ return_documents: options.returnDocuments, top_n: options.topN, instruct: options.instruct, fps: options.fps });
    // The compatible body is flat (§1.2); the native one nests input and parameters (§2.1).
    const body: DashScopeRerankRequest | Record<string, unknown> = compatible
      ? { model: modelId, query, documents, ...parameters }
      : { model: modelId, input: { query, documents }, ...(Object.keys(parameters).length > 0 ? { parameters } : {}) };
    const response = await postJson({
      url,
      headers: { ...config.headers(), ...options.headers },
      // A Buffer, not the string: undici would copy a string into a Buffer anyway, and while the string stayed
      // referenced from here a 40-image batch was held twice for the whole request.
      body: Buffer.from(JSON.stringify(body)),
      dispatcher: config.dispatcher,
      abortSignal: options.abortSignal,
      timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
    });
    const common = {
      provider: "DashScope",
      url,
      readError: readDashScopeError,
      errorBodiesIn2xx: true,
      documentCount: options.documents.length,
      expectedCount: Math.min(options.topN ?? options.documents.length, options.documents.length),
    };
    return compatible
      ? handleRerankResponse(response, {
          ...common,
          schema: dashscopeCompatibleResponseSchema,
          read: (json) => ({ results: json.results, totalTokens: json.usage?.total_tokens ?? undefined, requestId: json.id ?? undefined }),
        })
      : handleRerankResponse(response, {
          ...common,
          schema: dashscopeRerankResponseSchema,
          quickCheck: quickCheckNative,
          read: (json) => ({
            results: json.output.results,
            totalTokens: json.usage?.total_tokens ?? json.usage?.input_tokens ?? undefined,
            requestId: json.request_id ?? undefined,
          }),
        });
  }

  return { specificationVersion: "v1", provider: config.provider, modelId, limits, doRerank };
}

function withoutUndefined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Partial<T>;
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

const optionalNumber = (value: unknown) => value === undefined || value === null || typeof value === "number";
const isResult = (value: unknown): boolean => {
  const result = value as { index?: unknown; relevance_score?: unknown } | null;
  return typeof result === "object" && result !== null && Number.isInteger(result.index) && Number.isFinite(result.relevance_score);
};

/** The schema's checks written out by hand, for the valid answer; anything unusual goes to zod. */
function quickCheckNative(body: unknown): z.infer<typeof dashscopeRerankResponseSchema> | undefined {
  const json = body as { output?: { results?: unknown }; usage?: { total_tokens?: unknown; input_tokens?: unknown } | null; request_id?: unknown } | null;
  if (typeof json !== "object" || json === null || typeof json.output !== "object" || json.output === null) return undefined;
  const { results } = json.output;
  if (!Array.isArray(results) || !results.every(isResult)) return undefined;
  const { usage } = json;
  if (usage !== undefined && usage !== null && (typeof usage !== "object" || !optionalNumber(usage.total_tokens) || !optionalNumber(usage.input_tokens)))
    return undefined;
  if (json.request_id !== undefined && json.request_id !== null && typeof json.request_id !== "string") return undefined;
  return json as z.infer<typeof dashscopeRerankResponseSchema>;
}
