import type { Span } from "@opentelemetry/api";
import type { RerankOptions, RerankResult } from "../rerank/rerank-options.js";
import type { RerankDocument } from "../spec/rerank-document.js";
import type { RerankModel } from "../spec/rerank-model.js";
import { VERSION } from "../version.js";
import { errorStatus } from "./error-status.js";
import { loadOpenTelemetry, openTelemetry } from "./open-telemetry.js";
import { untraced } from "./request-span.js";
import type { RerankTelemetrySettings } from "./telemetry-settings.js";

export type { RerankTelemetrySettings };

/**
 * Runs a call inside a span `rerank <modelId>` in the active context, with GenAI-style attributes
 * (https://opentelemetry.io/docs/specs/semconv/gen-ai/), so it nests under whatever span the app or its framework
 * has open. An error is recorded on the span before it is rethrown.
 */
export async function withRerankSpan<DOCUMENT extends RerankDocument>(
  options: RerankOptions<DOCUMENT>,
  model: RerankModel,
  run: () => Promise<RerankResult<DOCUMENT>>,
): Promise<RerankResult<DOCUMENT>> {
  if (options.telemetry?.enabled === false) return untraced(run);
  const loaded = openTelemetry();
  const api = loaded === undefined ? await loadOpenTelemetry() : loaded;
  if (!api) return run();
  const tracer = api.trace.getTracer("@qwen-rerank/core", VERSION);
  const attributes = {
    "gen_ai.operation.name": "rerank",
    "gen_ai.provider.name": model.provider,
    "gen_ai.request.model": model.modelId,
    "rerank.documents.count": options.documents.length,
    ...(options.topN === undefined ? {} : { "rerank.request.top_n": options.topN }),
    ...(options.telemetry?.recordInputs ? inputs(options) : {}),
  };
  const kind = api.SpanKind.CLIENT;
  const span = tracer.startSpan(`rerank ${model.modelId}`, { kind, attributes });
  // Without an SDK, or sampled out, the span records nothing; skip the context switch it would cost every call.
  if (!span.isRecording()) {
    span.end();
    return run();
  }
  return api.context.with(api.trace.setSpan(api.context.active(), span), async () => {
    try {
      const result = await run();
      recordResult(span, result);
      return result;
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus(errorStatus(api, error));
      throw error;
    } finally {
      span.end();
    }
  });
}

function recordResult(span: Span, result: RerankResult<RerankDocument>): void {
  const { usage } = result;
  span.setAttributes({
    "gen_ai.usage.input_tokens": usage.totalTokens,
    "rerank.requests.count": result.requestCount,
    "rerank.results.count": result.results.length,
    "rerank.cache.hit": result.cached,
    "rerank.warnings.count": result.warnings.length,
    ...(usage.imageTokens === undefined ? {} : { "rerank.usage.image_tokens": usage.imageTokens }),
    ...(usage.textTokens === undefined ? {} : { "rerank.usage.text_tokens": usage.textTokens }),
  });
}

function inputs(options: RerankOptions<RerankDocument>): Record<string, string | string[]> {
  const { query } = options;
  const texts = options.documents.map((document) => (typeof document === "string" ? document : (document.text ?? "")));
  const text = typeof query === "string" ? query : "text" in query ? query.text : undefined;
  return { ...(text === undefined ? {} : { "rerank.query.text": text }), "rerank.documents.text": texts };
}
