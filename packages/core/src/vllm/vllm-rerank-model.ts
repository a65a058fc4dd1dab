import type { Dispatcher } from "undici";
import type { z } from "zod";
import type { ResolvedDocument, ResolvedQuery } from "../documents/rerank-document.js";
import { asRecord, type ErrorFields, handleRerankResponse, quickReadParts, type RerankResponseHandler } from "../http/handle-rerank-response.js";
import { type JsonChunks, serializeBody } from "../http/json-chunks.js";
import { postJson } from "../http/post-json.js";
import type { RerankModel, RerankModelCallOptions, RerankModelCallResult, RerankModelLimits } from "../rerank/rerank-model.js";
import { type VLLMContentPart, type VLLMDocument, type VLLMRerankRequest, vllmErrorSchema, vllmRerankResponseSchema } from "./vllm-rerank-api.js";

export interface VLLMRerankModelConfig {
  baseURLs: readonly string[];
  headers: () => Readonly<Record<string, string>>;
  readonly dispatcher: Dispatcher | undefined;
  limits: RerankModelLimits;
}

const defaultTimeoutMs = 30_000;
const failsOver = (error: unknown) => {
  const { code, status } = (error ?? {}) as { code?: unknown; status?: unknown };
  return code === "RERANK_ERR_NETWORK" || (code === "RERANK_ERR_API" && typeof status === "number" && status >= 500);
};

function readVLLMError(body: unknown): ErrorFields {
  const parsed = vllmErrorSchema.safeParse(body);
  if (!parsed.success) return { code: undefined, message: undefined, requestId: undefined };
  const { message, type, code, detail, error } = parsed.data;
  const detailText = typeof detail === "string" ? detail : detail === undefined ? undefined : JSON.stringify(detail).slice(0, 300);
  const anyCode = code ?? error?.code ?? type ?? error?.type;
  return { code: anyCode == null ? undefined : String(anyCode), message: message ?? error?.message ?? detailText ?? undefined, requestId: undefined };
}

/**
 * A model served by vLLM. With several base URLs, calls start at the next replica in turn, and a connection error
 * or 5xx moves the call on to the following replica before the orchestrator's own retries are spent.
 */
export function createVLLMRerankModel(modelId: string, config: VLLMRerankModelConfig): RerankModel {
  let next = 0;
  // One handler per replica, built once rather than per attempt (it holds nothing per call).
  const replicas = config.baseURLs.map((baseURL) => vllmHandler(`${baseURL}/v1/rerank`));

  // What was sent for each call's options: rerank() retries with the same object, and gets the same bytes resent.
  const bodies = new WeakMap<RerankModelCallOptions, Uint8Array | JsonChunks>();

  async function doRerank(options: RerankModelCallOptions): Promise<RerankModelCallResult> {
    let serialized = bodies.get(options);
    if (serialized === undefined) {
      serialized = serialize(options);
      bodies.set(options, serialized);
    }
    const expected = { documentCount: options.documents.length, expectedCount: Math.min(options.topN ?? options.documents.length, options.documents.length) };
    const start = next++ % replicas.length;
    let lastError: unknown;
    for (let attempt = 0; attempt < replicas.length; attempt++) {
      const handler = replicas[(start + attempt) % replicas.length]!;
      try {
        const request = {
          url: handler.url,
          headers: options.headers ? { ...config.headers(), ...options.headers } : config.headers(),
          body: serialized,
          dispatcher: config.dispatcher,
          abortSignal: options.abortSignal,
          timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
        };
        // Awaited here so that an error answer from this URL can fail over to the next one.
        return await postJson(request, (response) => handleRerankResponse(response, handler, expected));
      } catch (error) {
        if (options.abortSignal?.aborted || !failsOver(error)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  /** Built once per call: every replica tried, and every retry, is sent the same bytes. */
  function serialize(options: RerankModelCallOptions): Uint8Array | JsonChunks {
    const body: VLLMRerankRequest = {
      model: modelId,
      query: toVLLM(options.query),
      documents: options.documents.map(toVLLM),
      ...(options.topN === undefined ? {} : { top_n: options.topN }),
    };
    return serializeBody(body, options.query, options.documents);
  }

  return { specificationVersion: "v1", provider: "vllm", modelId, limits: config.limits, doRerank };
}

function vllmHandler(url: string): RerankResponseHandler<z.infer<typeof vllmRerankResponseSchema>> {
  return {
    provider: "vLLM",
    url,
    schema: vllmRerankResponseSchema,
    quickRead: quickReadVLLM,
    read: (json) => ({
      results: json.results,
      totalTokens: json.usage?.total_tokens ?? json.usage?.prompt_tokens ?? undefined,
      requestId: json.id ?? undefined,
    }),
    readError: readVLLMError,
  };
}

function quickReadVLLM(body: unknown) {
  const json = asRecord(body);
  return json && quickReadParts(json.results, json.usage, ["total_tokens", "prompt_tokens"], json.id);
}

function toVLLM(item: ResolvedDocument | ResolvedQuery): VLLMDocument {
  const { text, image, video } = item as ResolvedDocument;
  if (image === undefined && video === undefined) return text ?? "";
  const content: VLLMContentPart[] = [];
  if (text !== undefined) content.push({ type: "text", text });
  if (image !== undefined) content.push({ type: "image_url", image_url: { url: image } });
  if (video !== undefined) content.push({ type: "video_url", video_url: { url: video } });
  return { content };
}
