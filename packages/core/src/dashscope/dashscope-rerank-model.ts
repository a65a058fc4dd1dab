import type { Dispatcher } from "undici";
import type { z } from "zod";
import type { ResolvedDocument } from "../documents/rerank-document.js";
import {
  asRecord,
  type ErrorFields,
  type ExpectedRanking,
  handleRerankResponse,
  quickReadParts,
  type RerankResponseHandler,
} from "../http/handle-rerank-response.js";
import { type JsonChunks, serializeBody } from "../http/json-chunks.js";
import { postJson, type RawResponse } from "../http/post-json.js";
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
  headers: () => Readonly<Record<string, string>>;
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
  // What was sent for each call's options: rerank() retries with the same object, and gets the same bytes resent.
  const bodies = new WeakMap<RerankModelCallOptions, Uint8Array | JsonChunks>();
  // Built once per model rather than per answer.
  const readAnswer = compatible ? answerReader(compatibleHandler(url)) : answerReader(nativeHandler(url));

  // Not async: postJson is the call's only async layer. A body that cannot be built still rejects, never throws.
  function doRerank(options: RerankModelCallOptions): Promise<RerankModelCallResult> {
    try {
      return send(options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  function send(options: RerankModelCallOptions): Promise<RerankModelCallResult> {
    let body = bodies.get(options);
    if (body === undefined) {
      body = serialize(options);
      bodies.set(options, body);
    }
    const expected = { documentCount: options.documents.length, expectedCount: Math.min(options.topN ?? options.documents.length, options.documents.length) };
    return postJson(
      {
        url,
        headers: options.headers ? { ...config.headers(), ...options.headers } : config.headers(),
        body,
        dispatcher: config.dispatcher,
        abortSignal: options.abortSignal,
        timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
      },
      (response) => readAnswer(response, expected),
    );
  }

  function serialize(options: RerankModelCallOptions): Uint8Array | JsonChunks {
    const query = "text" in options.query ? options.query.text : { image: options.query.image };
    const documents = options.documents.map(multimodal ? toMultimodalDocument : toTextDocument);
    const parameters: NonNullable<DashScopeRerankRequest["parameters"]> = {};
    if (options.returnDocuments !== undefined) parameters.return_documents = options.returnDocuments;
    if (options.topN !== undefined) parameters.top_n = options.topN;
    if (options.instruct !== undefined) parameters.instruct = options.instruct;
    if (options.fps !== undefined) parameters.fps = options.fps;
    // The compatible body is flat (§1.2); the native one nests input and parameters (§2.1).
    const body: DashScopeRerankRequest | Record<string, unknown> = compatible
      ? { model: modelId, query, documents, ...parameters }
      : { model: modelId, input: { query, documents }, ...(Object.keys(parameters).length > 0 ? { parameters } : {}) };
    return serializeBody(body, options.query, options.documents);
  }

  return { specificationVersion: "v1", provider: config.provider, modelId, limits, doRerank };
}

const answerReader =
  <T>(handler: RerankResponseHandler<T>) =>
  (response: RawResponse, expected: ExpectedRanking): RerankModelCallResult =>
    handleRerankResponse(response, handler, expected);

export function nativeHandler(url: string): RerankResponseHandler<z.infer<typeof dashscopeRerankResponseSchema>> {
  return {
    provider: "DashScope",
    url,
    readError: readDashScopeError,
    errorBodiesIn2xx: true,
    schema: dashscopeRerankResponseSchema,
    quickRead: (body) => {
      const json = asRecord(body);
      const output = asRecord(json?.output);
      return json && output && quickReadParts(output.results, json.usage, ["total_tokens", "input_tokens"], json.request_id);
    },
    read: (json) => ({
      results: json.output.results,
      totalTokens: json.usage?.total_tokens ?? json.usage?.input_tokens ?? undefined,
      requestId: json.request_id ?? undefined,
    }),
  };
}

/** The compatible endpoint answers without the `output` wrapper and names the request id `id` (§3.2). */
export function compatibleHandler(url: string): RerankResponseHandler<z.infer<typeof dashscopeCompatibleResponseSchema>> {
  return {
    provider: "DashScope",
    url,
    readError: readDashScopeError,
    errorBodiesIn2xx: true,
    schema: dashscopeCompatibleResponseSchema,
    quickRead: (body) => {
      const json = asRecord(body);
      return json && quickReadParts(json.results, json.usage, ["total_tokens"], json.id);
    },
    read: (json) => ({ results: json.results, totalTokens: json.usage?.total_tokens ?? undefined, requestId: json.id ?? undefined }),
  };
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
