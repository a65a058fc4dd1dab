import { Document } from "@langchain/core/documents";
import { TextNode } from "@llamaindex/core/schema";
import { RerankError, RerankRetryError, rerank } from "@qwen-rerank/core";
import { QwenRerank as LangChainRerank } from "@qwen-rerank/langchain";
import { QwenRerank as LlamaIndexRerank } from "@qwen-rerank/llamaindex";
import { describe, expect, it } from "vitest";
import { type Dialect, hashScore, matrixFaults } from "./fault-matrix.js";
import { apiKey, compareRanking, type Ranked, rankScores, useReliability, useServer } from "./helpers.js";

// Item 1 of the reliability issue: every fault of the matrix, through the core (DashScope native, and vLLM split
// into three batches) and through both plugins. Fault once: the right ranking after one retry. Fault every time:
// the right typed error. Never a wrong order, a lost or a duplicated document.

const query = "apple";
const texts = [
  "red apple",
  "green apple pie",
  "blue sky",
  "apple tree in bloom",
  "pear and apple jam",
  "stone fruit",
  "apple cider vinegar",
];
const scores = texts.map((text) => hashScore(1, text));
const expected = rankScores(scores);
const maxRetries = 2;
// Long enough that a normal answer never times out on a busy CI machine, short enough to keep the hang cases quick.
const hangTimeoutMs = 600;

interface CallSettings {
  /** Tags this test's requests: an aborted sibling request of the previous test may still reach the server. */
  headers: Record<string, string>;
  maxRetries: number;
  timeoutMs: number;
  retry: { sleep: (milliseconds: number) => Promise<void>; onRetry: () => void };
}

interface Surface {
  name: string;
  dialect: Dialect;
  /** Requests one successful call sends. */
  batches: number;
  run: (settings: CallSettings) => Promise<Ranked[]>;
}

interface Row {
  surface: string;
  fault: string;
  mode: "once" | "always";
  ok: boolean;
  calls: number;
  retries: number;
  lost: number;
  duplicated: number;
  wrongOrder: number;
}

describe("fault matrix: core and both plugins", () => {
  const reliability = useReliability("faults");
  const context = useServer({ scorer: (_query, document) => hashScore(1, document.text) });
  const rows: Row[] = [];
  const tagHeader = "x-reliability-case";
  let tags = 0;
  const nextTag = () => `case-${++tags}`;
  const callsTagged = (tag: string) => context.server.calls.filter((call) => call.headers[tagHeader] === tag).length;

  const surfaces: Surface[] = [
    {
      name: "core (DashScope)",
      dialect: "dashscope",
      batches: 1,
      run: async (settings) => {
        const { results } = await rerank({
          model: context.dashscope().rerankModel("qwen3-vl-rerank"),
          query,
          documents: texts,
          ...settings,
        });
        return results.map(({ index, score }) => ({ index, score }));
      },
    },
    {
      name: "core (vLLM, 3 batches)",
      dialect: "vllm",
      batches: 3,
      run: async (settings) => {
        const model = context.vllm().rerankModel("Qwen/Qwen3-VL-Reranker-2B", { maxDocumentsPerCall: 3 });
        const { results } = await rerank({ model, query, documents: texts, ...settings });
        return results.map(({ index, score }) => ({ index, score }));
      },
    },
    {
      name: "LangChain",
      dialect: "dashscope",
      batches: 1,
      run: async (settings) => {
        const compressor = new LangChainRerank({
          apiKey: undefined,
          baseURL: context.baseURL,
          dispatcher: context.dispatcher,
          topN: texts.length,
          ...settings,
        });
        // The key comes from the environment here, as most apps do it.
        const documents = texts.map(
          (text, index) => new Document({ pageContent: text, id: String(index), metadata: { position: index } }),
        );
        const compressed = await withEnvKey(() => compressor.compressDocuments(documents, query));
        expect(documents.map((document) => Object.keys(document.metadata))).toEqual(texts.map(() => ["position"]));
        return compressed.map((document) => ({
          index: Number(document.id),
          score: document.metadata.relevanceScore as number,
        }));
      },
    },
    {
      name: "LlamaIndex",
      dialect: "dashscope",
      batches: 1,
      run: async (settings) => {
        const postprocessor = new LlamaIndexRerank({
          baseURL: context.baseURL,
          dispatcher: context.dispatcher,
          topN: texts.length,
          ...settings,
        });
        const nodes = texts.map((text, index) => ({
          node: new TextNode({ text, id_: String(index) }),
          score: 1 - index / 10,
        }));
        const ranked = await withEnvKey(() => postprocessor.postprocessNodes(nodes, query));
        expect(nodes.map(({ score }) => score)).toEqual(texts.map((_, index) => 1 - index / 10));
        return ranked.map(({ node, score }) => ({ index: Number(node.id_), score: score! }));
      },
    },
  ];

  const cases = surfaces.flatMap((surface) =>
    matrixFaults.map((fault) => [surface.name, fault.name, surface, fault] as const),
  );

  it.each(cases)("%s / %s: fault once, then the right ranking", async (_surface, _fault, surface, fault) => {
    const delays: number[] = [];
    let retries = 0;
    const tag = nextTag();
    let faulted = false;
    context.server.onCall((call) => {
      if (faulted || call.headers[tagHeader] !== tag) return undefined;
      faulted = true;
      return fault.make();
    });
    const settings = {
      headers: { [tagHeader]: tag },
      maxRetries,
      timeoutMs: fault.slow ? hangTimeoutMs : 10_000,
      retry: { sleep: async (milliseconds: number) => void delays.push(milliseconds), onRetry: () => void retries++ },
    };
    const outcome = await surface.run(settings).then(
      (results) => ({ results }),
      (error: unknown) => ({ error }),
    );
    const calls = callsTagged(tag);
    if (!fault.retryable(surface.dialect)) {
      // Not retryable (DashScope's InvalidParameter inside HTTP 200): one request, the typed error, no result.
      expect("error" in outcome).toBe(true);
      const error = (outcome as { error: unknown }).error;
      expect(reliability.scan(`${surface.name} ${fault.name}`, error)).toBeUndefined();
      expect(RerankError.isInstance(error) && error.code).toBe(fault.error(surface.dialect));
      expect(calls).toBe(surface.batches);
      rows.push({
        surface: surface.name,
        fault: fault.name,
        mode: "once",
        ok: true,
        calls,
        retries,
        lost: 0,
        duplicated: 0,
        wrongOrder: 0,
      });
      return;
    }
    if ("error" in outcome) throw outcome.error;
    const { results } = outcome;
    expect(reliability.scan(`${surface.name} ${fault.name} results`, results)).toBeUndefined();
    const difference = compareRanking(results, expected);
    const row: Row = {
      surface: surface.name,
      fault: fault.name,
      mode: "once",
      ok: false,
      calls,
      retries,
      ...difference,
    };
    rows.push(row);
    expect(results).toEqual(expected);
    expect(difference).toEqual({ lost: 0, duplicated: 0, foreign: 0, wrongOrder: 0 });
    expect(retries).toBe(1);
    expect(calls).toBe(surface.batches + 1);
    if (fault.name === "429 Retry-After seconds") expect(delays).toEqual([3_000]);
    if (fault.name === "429 Retry-After HTTP date") {
      expect(delays[0]).toBeGreaterThan(3_000);
      expect(delays[0]).toBeLessThanOrEqual(5_000);
    }
    row.ok = true;
  });

  it.each(cases)("%s / %s: fault every time, then the right typed error", async (_surface, _fault, surface, fault) => {
    let retries = 0;
    const tag = nextTag();
    context.server.onCall((call) => (call.headers[tagHeader] === tag ? fault.make() : undefined));
    const settings = {
      headers: { [tagHeader]: tag },
      maxRetries,
      timeoutMs: fault.slow ? hangTimeoutMs : 10_000,
      retry: { sleep: async () => {}, onRetry: () => void retries++ },
    };
    const error = await surface.run(settings).then(
      (results) => {
        throw new Error(`resolved despite a persistent fault: ${JSON.stringify(results)}`);
      },
      (caught: unknown) => caught,
    );
    const calls = callsTagged(tag);
    const row: Row = {
      surface: surface.name,
      fault: fault.name,
      mode: "always",
      ok: false,
      calls,
      retries,
      lost: 0,
      duplicated: 0,
      wrongOrder: 0,
    };
    rows.push(row);
    expect(reliability.scan(`${surface.name} ${fault.name} error`, error)).toBeUndefined();
    expect(RerankError.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toMatch(/\n/);
    if (fault.retryable(surface.dialect)) {
      expect(RerankRetryError.isInstance(error)).toBe(true);
      const retry = error as RerankRetryError;
      expect(retry.reason).toBe("maxRetriesExceeded");
      expect(retry.errors.map((attempt) => (attempt as RerankError).code)).toEqual(
        Array(maxRetries + 1).fill(fault.error(surface.dialect)),
      );
      expect((retry.lastError as RerankError).code).toBe(fault.error(surface.dialect));
      // The batch that gave up first had exactly maxRetries + 1 attempts; the others were stopped.
      if (surface.batches === 1) expect(calls).toBe(maxRetries + 1);
      else expect(calls).toBeGreaterThanOrEqual(maxRetries + 1);
    } else {
      expect((error as RerankError).code).toBe(fault.error(surface.dialect));
      expect(calls).toBe(surface.batches);
    }
    row.ok = true;
  });

  it("gives up on a hang when timeoutMs says, not on undici's ~1 s timer wheel", async () => {
    const timings: Array<{ timeoutMs: number; elapsedMs: number }> = [];
    for (const timeoutMs of [150, 400, 1_200]) {
      context.server.enqueue({ type: "hang" });
      const started = performance.now();
      const error = await rerank({
        model: context.dashscope().rerankModel("qwen3-vl-rerank"),
        query,
        documents: texts,
        timeoutMs,
        maxRetries: 0,
      }).catch((caught: unknown) => caught);
      const elapsedMs = Math.round(performance.now() - started);
      timings.push({ timeoutMs, elapsedMs });
      expect(RerankError.isInstance(error) && error.code).toBe("RERANK_ERR_TIMEOUT");
      expect(elapsedMs).toBeGreaterThanOrEqual(timeoutMs - 5);
      // Slack for a busy CI machine; undici's own timers alone took ~1,000 ms for 150 and ~2,000 ms for 1,200.
      expect(elapsedMs).toBeLessThan(timeoutMs + 350);
    }
    reliability.figures.timeoutPrecision = timings;
  });

  it("records the figures", () => {
    const once = rows.filter((row) => row.mode === "once");
    const always = rows.filter((row) => row.mode === "always");
    Object.assign(reliability.figures, {
      faults: matrixFaults.map((fault) => fault.name),
      surfaces: surfaces.map((surface) => surface.name),
      cases: rows.length,
      onceThenOk: { cases: once.length, passed: once.filter((row) => row.ok).length },
      everyTime: { cases: always.length, typedErrors: always.filter((row) => row.ok).length },
      requests: rows.reduce((sum, row) => sum + row.calls, 0),
      retries: rows.reduce((sum, row) => sum + row.retries, 0),
      wrongOrder: rows.reduce((sum, row) => sum + row.wrongOrder, 0),
      lost: rows.reduce((sum, row) => sum + row.lost, 0),
      duplicated: rows.reduce((sum, row) => sum + row.duplicated, 0),
    });
    expect(rows).toHaveLength(cases.length * 2);
  });
});

/** Runs `action` with DASHSCOPE_API_KEY set, as a deployed app would have it. */
async function withEnvKey<T>(action: () => Promise<T>): Promise<T> {
  const previous = process.env.DASHSCOPE_API_KEY;
  process.env.DASHSCOPE_API_KEY = apiKey;
  try {
    return await action();
  } finally {
    if (previous === undefined) delete process.env.DASHSCOPE_API_KEY;
    else process.env.DASHSCOPE_API_KEY = previous;
  }
}
