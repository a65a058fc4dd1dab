import type { SpanStatus } from "@opentelemetry/api";
import type { openTelemetry } from "./open-telemetry.js";

/** A failed span's status: ERROR with the error's message, which the core's errors keep free of the key. */
export function errorStatus(api: NonNullable<ReturnType<typeof openTelemetry>>, error: unknown): SpanStatus {
  return { code: api.SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) };
}
