import { CallLog } from "./call-log.js";
import { listenHttp } from "./listen-http.js";
import { emptyQuotaStats } from "./quota-limiter.js";
import { requestHandler } from "./request-handler.js";
import type { RerankServer } from "./rerank-server.js";
import type { RerankServerOptions } from "./rerank-server-options.js";
import { defaultScorer, resolveServerConfig } from "./server-config.js";

/**
 * Starts a real HTTP server on `host:port` that answers DashScope's rerank routes (plus the compatible,
 * vLLM and Cohere shapes) with a deterministic lexical ranking, and plays queued faults.
 */
export async function startRerankServer(options: RerankServerOptions = {}): Promise<RerankServer> {
  const host = options.host ?? "127.0.0.1";
  const config = resolveServerConfig(options);
  const log = new CallLog(options.requestIdPrefix ?? "00000000-0000-4000-8000-", options.recordCalls ?? true);
  const { port, close } = await listenHttp(requestHandler(config, log), options.port ?? 0, host);
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    calls: log.calls,
    enqueue: (...faults) => log.enqueue(faults),
    onCall: (rule) => log.addRule(rule),
    setScorer: (next) => {
      config.scorer = next ?? defaultScorer;
    },
    quotaStats: () => config.quota?.snapshot() ?? emptyQuotaStats(),
    reset: () => {
      log.reset();
      config.quota?.reset();
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
