import type { RawResponse } from "../provider-kit/post-json.js";
import { VERSION } from "../version.js";
import { errorStatus } from "./error-status.js";
import { openTelemetry } from "./open-telemetry.js";

const attemptKey = Symbol.for("@qwen-rerank/core.attempt");
const untracedKey = Symbol.for("@qwen-rerank/core.untraced");

/** Runs a call whose requests must open no span either (`telemetry: { enabled: false }`). */
export function untraced<T>(run: () => Promise<T>): Promise<T> {
  const api = openTelemetry();
  return api ? api.context.with(api.context.active().setValue(untracedKey, true), run) : run();
}

/** Runs one attempt of a batch with its number in the active context, for the request span to report. */
export function inAttempt<T>(attempt: number, run: () => Promise<T>): Promise<T> {
  const api = openTelemetry();
  if (!api || !tracing(api)) return run();
  return api.context.with(api.context.active().setValue(attemptKey, attempt), run);
}

// A request gets a span only under a recording one (the call's, or the app's when a model is used directly): without
// an SDK, or when the call was sampled out, its span would record nothing and only cost the context switches.
function tracing(api: NonNullable<ReturnType<typeof openTelemetry>>): boolean {
  const active = api.context.active();
  return active.getValue(untracedKey) !== true && api.trace.getSpan(active)?.isRecording() === true;
}

/**
 * One HTTP request as a client span (https://opentelemetry.io/docs/specs/semconv/http/http-spans/): method, server,
 * URL, status and which attempt it is. The URL carries no credential; headers and bodies are never recorded.
 */
export function withRequestSpan(url: string, send: () => Promise<RawResponse>): Promise<RawResponse> {
  const api = openTelemetry();
  if (!api || !tracing(api)) return send();
  const { hostname, port, protocol } = new URL(url);
  const attempt = Number(api.context.active().getValue(attemptKey) ?? 1);
  const attributes = {
    "http.request.method": "POST",
    "server.address": hostname,
    "server.port": Number(port || (protocol === "https:" ? 443 : 80)),
    "url.full": url,
    "rerank.attempt": attempt,
    ...(attempt > 1 ? { "http.request.resend_count": attempt - 1 } : {}),
  };
  const tracer = api.trace.getTracer("@qwen-rerank/core", VERSION);
  const span = tracer.startSpan("POST", { kind: api.SpanKind.CLIENT, attributes });
  return (async () => {
    try {
      const response = await send();
      span.setAttribute("http.response.status_code", response.status);
      if (response.status >= 400)
        span.setStatus({ code: api.SpanStatusCode.ERROR, message: `HTTP ${response.status}` });
      return response;
    } catch (error) {
      const type = (error as { code?: unknown } | null)?.code;
      span.setAttribute("error.type", typeof type === "string" ? type : error instanceof Error ? error.name : "Error");
      span.setStatus(errorStatus(api, error));
      throw error;
    } finally {
      span.end();
    }
  })();
}
