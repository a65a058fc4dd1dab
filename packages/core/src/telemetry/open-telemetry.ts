import type * as OpenTelemetry from "@opentelemetry/api";

type Api = typeof OpenTelemetry;

// undefined: not looked for yet; null: not installed.
let api: Api | null | undefined;
let loading: Promise<Api | null> | undefined;

/**
 * The optional peer `@opentelemetry/api`, imported once on first use; `null` when it is not installed, and then
 * telemetry costs nothing. Without an SDK registered by the app, its tracer is a no-op too.
 */
export function loadOpenTelemetry(): Promise<Api | null> {
  loading ??= import("@opentelemetry/api").then(
    (module) => (api = module),
    () => (api = null),
  );
  return loading;
}

/** The API once loaded, for code that runs inside a traced call and must not wait. */
export const openTelemetry = (): Api | null | undefined => api;
