/** Telemetry of a `rerank()` call. */
export interface RerankTelemetrySettings {
  /** Open spans when `@opentelemetry/api` is installed. @default true */
  enabled?: boolean | undefined;
  /** Put the query and the documents' texts on the span (never images' bytes, never the key). @default false */
  recordInputs?: boolean | undefined;
}
