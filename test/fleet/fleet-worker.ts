// One process of the fleet (forked by fleet.ts): the real rerank() against the parent's @qwen-rerank/testing server
// over HTTP, with a rate limiter and a cache shared through Redis. It takes jobs over the IPC channel.
import {
  createDashScope,
  createRateLimiter,
  RerankAPIError,
  type RerankRateLimiter,
  RerankRetryError,
  rerank,
} from "@qwen-rerank/core";
import { createRedisCache, createRedisRateLimiter } from "@qwen-rerank/redis";
import { Redis } from "ioredis";
import type { CachedCallJob, CachedCallReport, FleetMessage, LoadJob, LoadReport } from "./fleet.js";

const model = createDashScope({
  apiKey: process.env.FLEET_API_KEY!,
  baseURL: `${process.env.FLEET_SERVER_URL}/api/v1`,
}).rerankModel("qwen3-vl-rerank");
const redisPort = Number(process.env.FLEET_REDIS_PORT);
let redis: Redis | undefined;
const client = () => {
  if (!redis) {
    redis = new Redis(redisPort, "127.0.0.1");
    // A killed redis-server is part of a test: ioredis reports it as an event, which must not crash the process.
    redis.on("error", () => undefined);
  }
  return redis;
};

function limiterFor(job: LoadJob): RerankRateLimiter | undefined {
  const { requestsPerMinute, tokensPerMinute } = job;
  if (job.limiter === "none") return undefined;
  if (job.limiter === "local") return createRateLimiter({ requestsPerMinute, tokensPerMinute });
  return createRedisRateLimiter({
    redis: client(),
    requestsPerMinute,
    tokensPerMinute,
    keyPrefix: job.keyPrefix,
    timeoutMs: job.timeoutMs,
    windowMarginMs: job.windowMarginMs,
  });
}

const errorNames = (error: unknown): string[] =>
  RerankRetryError.isInstance(error)
    ? [`RerankRetryError(${[...new Set(error.errors.map((inner) => (inner as Error).name))].join(",")})`]
    : [(error as Error).name ?? String(error)];

async function load(job: LoadJob): Promise<LoadReport> {
  const rateLimiter = limiterFor(job);
  const report: LoadReport = {
    calls: 0,
    succeeded: 0,
    requests: 0,
    throttledRetries: 0,
    abortedAtEnd: 0,
    failures: {},
    slowestFailureMs: 0,
  };
  const endAt = job.startAt + job.durationMs;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, job.startAt - Date.now())));
  const caller = async (caller: number) => {
    for (let call = 0; Date.now() < endAt; call++) {
      const started = performance.now();
      // At the end of the run a caller still waiting for its turn gives up, so the run ends on time.
      const abortSignal = AbortSignal.timeout(Math.max(1, endAt - Date.now()));
      report.calls++;
      try {
        const result = await rerank({
          abortSignal,
          model,
          query: "red running shoe",
          documents: [`red shoe ${job.seed}-${caller}-${call}`, "blue hat", "running track"],
          rateLimiter,
          retry: {
            onRetry: ({ error }) => {
              if (RerankAPIError.isInstance(error) && error.status === 429) report.throttledRetries++;
            },
          },
        });
        report.succeeded++;
        report.requests += result.requestCount;
      } catch (error) {
        if (abortSignal.aborted) {
          report.abortedAtEnd++;
          continue;
        }
        for (const name of errorNames(error)) report.failures[name] = (report.failures[name] ?? 0) + 1;
        report.slowestFailureMs = Math.max(report.slowestFailureMs, performance.now() - started);
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, (_, index) => caller(index)));
  return report;
}

async function cachedCall(job: CachedCallJob): Promise<CachedCallReport> {
  const result = await rerank({
    model,
    query: job.query,
    documents: job.documents,
    cache: createRedisCache({ redis: client(), keyPrefix: job.keyPrefix }),
  });
  return {
    cached: result.cached,
    requestCount: result.requestCount,
    ranking: result.results.map(({ index }) => index),
  };
}

async function warmUp(concurrency: number): Promise<null> {
  const documents = ["warm", "up"];
  const calls = Array.from({ length: concurrency }, () => rerank({ model, query: "warm", documents, maxRetries: 0 }));
  await Promise.allSettled(calls);
  if (redisPort > 0) {
    const limiter = createRedisRateLimiter({ redis: client(), requestsPerMinute: 60_000, keyPrefix: "warm-up:" });
    await limiter.acquire({ requests: 1, tokens: 1 });
  }
  return null;
}

process.on("message", async (message: FleetMessage) => {
  if (message.type === "exit") {
    redis?.disconnect();
    process.exit(0);
  }
  const report =
    message.type === "load"
      ? await load(message.job)
      : message.type === "warm-up"
        ? await warmUp(message.concurrency)
        : await cachedCall(message.job);
  process.send?.({ type: "report", report });
});
process.on("disconnect", () => process.exit(0));
process.send?.({ type: "ready" });
