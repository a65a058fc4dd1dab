import { type RerankServer, type RerankServerOptions, startRerankServer } from "@qwen-rerank/testing";
import { Agent } from "undici";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createDashScope, type DashScopeProviderSettings } from "../index.js";

export const apiKey = "sk-test-0123456789abcdef";

/** Starts one server for the file, resets it between tests and closes it at the end. */
export function useServer(options: RerankServerOptions = {}) {
  const context = {} as { server: RerankServer; dispatcher: Agent; provider: (settings?: DashScopeProviderSettings) => ReturnType<typeof createDashScope> };
  beforeAll(async () => {
    context.server = await startRerankServer({ apiKey, ...options });
    // Short keep-alive so closing the server never waits on idle sockets (undici's writing-tests advice).
    context.dispatcher = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 });
    context.provider = (settings = {}) => createDashScope({ apiKey, baseURL: `${context.server.url}/api/v1`, dispatcher: context.dispatcher, ...settings });
  });
  afterEach(() => context.server.reset());
  afterAll(async () => {
    await context.server.close();
    await context.dispatcher.close();
  });
  return context;
}

/** Records backoff delays instead of sleeping. */
export function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (milliseconds: number) => void delays.push(milliseconds) };
}

// Smallest valid PNG: signature + IHDR + IDAT + IEND for a 1×1 pixel.
export const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
