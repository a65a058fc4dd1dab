// The loopback server in a process of its own, so its CPU never competes with the client's event loop or
// shows up in the client's process.cpuUsage(). Started by start-bench-server.ts; speaks over the IPC channel.
import { startRerankServer } from "@qwen-rerank/testing";
import type { ServerRequest, ServerStats } from "./start-bench-server.js";

const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 0);
const apiKey = process.env.BENCH_API_KEY ?? "bench-key";

const stats: ServerStats = { requests: 0, documents: 0, documentsPerRequest: [], cpuMs: 0 };
let cpuStart = process.cpuUsage();

function documentCount(body: unknown): number {
  const record = (body ?? {}) as { input?: { documents?: unknown }; documents?: unknown };
  const documents = record.input?.documents ?? record.documents;
  return Array.isArray(documents) ? documents.length : 0;
}

const server = await startRerankServer({
  apiKey,
  latencyMs,
  cannedResponse: true,
  recordCalls: false,
  maxBodyBytes: Number(process.env.BENCH_MAX_BODY_BYTES ?? 64 * 1024 * 1024),
});
// A rule that never returns a fault: it only counts what actually arrived.
server.onCall((call) => {
  const documents = documentCount(call.body);
  stats.requests++;
  stats.documents += documents;
  if (stats.documentsPerRequest.length < 10_000) stats.documentsPerRequest.push(documents);
  return undefined;
});

process.on("message", (message: ServerRequest) => {
  const { user, system } = process.cpuUsage(cpuStart);
  process.send?.({ id: message.id, stats: { ...stats, cpuMs: (user + system) / 1000 } });
  if (message.type === "reset") {
    stats.requests = 0;
    stats.documents = 0;
    stats.documentsPerRequest = [];
    cpuStart = process.cpuUsage();
  }
});
process.on("disconnect", () => void server.close().then(() => process.exit(0)));
process.send?.({ id: 0, url: server.url });
