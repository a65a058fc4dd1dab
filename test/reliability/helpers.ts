import { inspect } from "node:util";
import {
  createDashScope,
  createVLLM,
  type DashScopeProviderSettings,
  type VLLMProviderSettings,
} from "@qwen-rerank/core";
import type { RerankServer, RerankServerOptions } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { Agent } from "undici";
import { afterAll, beforeAll, expect } from "vitest";
import { mode, type SecretFigures, type Section, writeFragment } from "./figures.js";

/** Distinctive, so that any copy of it (or of its middle) in an error, a log line or a serialization is found. */
export const apiKey = "sk-reliability-5ecre7-0f1e2d3c4b5a69788796a5b4";
const needles = [apiKey, apiKey.slice(15, 40)];

/** Zero-delay backoff: retries are exercised, never slept. */
export const noSleep = { sleep: async () => {} };

/** What {@link useServer} returns. Its members can be read once `beforeAll` has run: in tests and hooks. */
export interface ServerContext {
  /** The running server, accepting only `apiKey`. */
  readonly server: RerankServer;
  /** An undici Agent with a short keep-alive, so closing the server never waits on idle sockets. */
  readonly dispatcher: Agent;
  /** The server's DashScope base URL (`url + "/api/v1"`). */
  readonly baseURL: string;
  /** A DashScope provider on the server, with `apiKey` and `dispatcher`. */
  dashscope(settings?: DashScopeProviderSettings): ReturnType<typeof createDashScope>;
  /** A vLLM provider on the server, with `apiKey` and `dispatcher`. */
  vllm(settings?: Partial<VLLMProviderSettings>): ReturnType<typeof createVLLM>;
}

/**
 * Runs one server for the file or block (accepting only `apiKey`) with `useRerankServer`, which resets it after each
 * test and closes it at the end, plus a dispatcher and provider factories pointed at it.
 */
export function useServer(options: RerankServerOptions = {}): ServerContext {
  let agent: Agent | undefined;
  const dispatcher = (): Agent => {
    if (agent === undefined) throw new Error("useServer(): the dispatcher is made in beforeAll; read it in a test");
    return agent;
  };
  // Registered before useRerankServer's hooks, so the agent closes after the server does ("after" hooks run last
  // registered first).
  beforeAll(() => {
    agent = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 });
  });
  afterAll(() => agent?.close());
  const rerank = useRerankServer({ apiKey, ...options });
  return {
    get server() {
      return rerank.server;
    },
    get dispatcher() {
      return dispatcher();
    },
    get baseURL() {
      return rerank.baseURL;
    },
    dashscope: (settings = {}) =>
      createDashScope({ apiKey, baseURL: rerank.baseURL, dispatcher: dispatcher(), ...settings }),
    vllm: (settings = {}) => createVLLM({ baseURL: rerank.url, apiKey, dispatcher: dispatcher(), ...settings }),
  };
}

/** Every way a value may end up in a log or a bug report. */
export function renderings(value: unknown): string[] {
  const texts: string[] = [String(value)];
  if (value instanceof Error) texts.push(value.message, value.stack ?? "");
  try {
    texts.push(JSON.stringify(value) ?? "");
  } catch (error) {
    texts.push(`unserializable: ${String(error)}`);
  }
  texts.push(inspect(value, { depth: 10 }), inspect(value, { depth: 10, showHidden: true, getters: false }));
  // A cause chain or an AggregateError's list: each member's own message and stack too.
  const nested = value instanceof Error ? [value.cause, ...((value as { errors?: unknown[] }).errors ?? [])] : [];
  for (const inner of nested) if (inner instanceof Error) texts.push(inner.message, inner.stack ?? "");
  return texts;
}

/**
 * Sets up one reliability section: captures everything written to the console and to stdout/stderr while it runs,
 * offers `scan()` to check a value for the key, and at the end writes the section's figures and fails on any leak.
 */
export function useReliability(section: Section, { quiet = false }: { quiet?: boolean } = {}) {
  const figures: Record<string, unknown> = {};
  const secrets: SecretFigures = { scanned: 0, logLines: 0, leaks: [] };
  const lines: string[] = [];
  let restore = () => {};
  let started = 0;

  const find = (texts: readonly string[]) => texts.find((text) => needles.some((needle) => text.includes(needle)));

  beforeAll(() => {
    started = performance.now();
    restore = captureOutput(lines, { quiet });
  });
  afterAll(() => {
    restore();
    secrets.logLines = lines.length;
    const leaked = find(lines);
    if (leaked !== undefined) secrets.leaks.push(`log line: ${leaked.slice(0, 200)}`);
    writeFragment({
      section,
      mode,
      finishedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - started),
      secrets,
      figures,
    });
    expect(secrets.leaks).toEqual([]);
  });

  return {
    figures,
    /** Checks a value (error, result, object) for the key in every rendering; returns where it leaked, if it did. */
    scan(label: string, value: unknown): string | undefined {
      secrets.scanned++;
      const leaked = find(renderings(value));
      if (leaked === undefined) return undefined;
      const where = `${label}: ${leaked.slice(0, 200)}`;
      secrets.leaks.push(where);
      return where;
    },
    /** Lines captured so far (for tests that check their own output). */
    lines,
  };
}

type Write = typeof process.stdout.write;
const consoleMethods = ["log", "info", "warn", "error", "debug", "trace"] as const;

/**
 * Records console.* calls and raw stdout/stderr writes, passing them on (console output only when not `quiet`, for
 * tests whose logging is deliberate). Returns the undo.
 */
export function captureOutput(lines: string[], { quiet = false }: { quiet?: boolean } = {}): () => void {
  const originals = consoleMethods.map((name) => [name, console[name]] as const);
  for (const [name, original] of originals) {
    console[name] = (...args: unknown[]) => {
      lines.push(args.map((arg) => (typeof arg === "string" ? arg : inspect(arg, { depth: 10 }))).join(" "));
      if (!quiet) original.apply(console, args);
    };
  }
  const streams = [process.stdout, process.stderr] as const;
  const writes = streams.map((stream) => stream.write);
  streams.forEach((stream, position) => {
    const original = writes[position]!;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      lines.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
      return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as Write;
  });
  return () => {
    for (const [name, original] of originals) console[name] = original;
    streams.forEach((stream, position) => {
      stream.write = writes[position]!;
    });
  };
}

export interface Ranked {
  index: number;
  score: number;
}

/**
 * Ranks precomputed `scores` as the core must: every kept document once, by score (highest first), ties by position.
 * The only right answer; not the testing package's `expectedRanking`, which scores documents lexically first.
 */
export function rankScores(
  scores: readonly number[],
  { topN, scoreThreshold }: { topN?: number | undefined; scoreThreshold?: number | undefined } = {},
): Ranked[] {
  return scores
    .map((score, index) => ({ index, score }))
    .filter(({ score }) => scoreThreshold === undefined || score >= scoreThreshold)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, topN ?? Number.POSITIVE_INFINITY);
}

/** How an answer differs from the right one: documents lost, duplicated, or present but out of order. */
export function compareRanking(actual: readonly Ranked[], expected: readonly Ranked[]) {
  const actualIndexes = actual.map((item) => item.index);
  const expectedIndexes = new Set(expected.map((item) => item.index));
  const seen = new Set<number>();
  let duplicated = 0;
  for (const index of actualIndexes) {
    if (seen.has(index)) duplicated++;
    seen.add(index);
  }
  const lost = [...expectedIndexes].filter((index) => !seen.has(index)).length;
  const foreign = [...seen].filter((index) => !expectedIndexes.has(index)).length;
  const wrongOrder =
    lost === 0 && duplicated === 0 && foreign === 0 && JSON.stringify(actual) !== JSON.stringify(expected) ? 1 : 0;
  return { lost, duplicated, foreign, wrongOrder };
}
