/**
 * Runs every example and the demo as child processes (`node --import tsx examples/src/<file>.ts`, the packages' built
 * dist) against the local server, and checks what they print. The demo's reranked orders are compared with the server
 * scorer's order computed here, independently, from `lexicalScore` and data/captions.json.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { lexicalScore, startRerankServer } from "@qwen-rerank/testing";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dataDir = path.join(root, "examples/data");
const offlineBanner = "offline: local DashScope-compatible server, lexical stand-in scorer, not the model";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs an example with no API key in its environment (and QWEN_RERANK_OFFLINE=1, in case examples/.env has one). */
async function runExample(
  file: string,
  args: string[] = [],
  env: Record<string, string | undefined> = { QWEN_RERANK_OFFLINE: "1" },
): Promise<Result> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" };
  for (const name of [
    "DASHSCOPE_API_KEY",
    "DASHSCOPE_HTTP_BASE_URL",
    "VLLM_BASE_URL",
    "VLLM_API_KEY",
    "QWEN_RERANK_MODEL",
    "QWEN_RERANK_OFFLINE",
  ])
    delete childEnv[name];
  for (const [name, value] of Object.entries(env)) if (value !== undefined) childEnv[name] = value;
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", `examples/src/${file}`, ...args],
      {
        cwd: root,
        env: childEnv,
        timeout: 60_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === "number" ? failed.code : 1,
      stdout: failed.stdout ?? "",
      stderr: failed.stderr ?? "",
    };
  }
}

const firstLine = (text: string) => text.split("\n")[0] ?? "";
// Each test starts a Node process that loads LangChain or LlamaIndex; leave room for slow CI machines.
const timeout = 60_000;

describe.concurrent("examples (offline, against the local server)", () => {
  const cases: Array<[file: string, expected: Array<string | RegExp>]> = [
    ["core/rerank-text.ts", [/1\s+1\s+0\.\d+\s+Returns: you can return any unworn item/]],
    ["core/rerank-image.ts", [/1\s+0\.\d+\s+local file: red running shoe/, /1\s+0\.\d+\s+The Stormline rain jacket/]],
    [
      "core/rerank-video.ts",
      [/1\s+0\.\d+\s+video\s+https:\/\/help-static-aliyun-doc/, 'request parameters: {"fps":0.5}'],
    ],
    [
      "core/batch-progress.ts",
      [
        "request 10/10, 1000/1000 documents",
        "10 requests in",
        /1\s+32\s+0\.\d+\s+Item 33: a waterproof yellow jacket/,
        "cached=true, requests=0, tokens=0, same order=true",
      ],
    ],
    [
      "langchain/contextual-compression.ts",
      [/1\s+0\.\d+\s+image\s+chart-quarterly-revenue/, /1\s+0\.\d+\s+image\s+photo-rain-jacket/],
    ],
    [
      "langchain/agent.ts",
      [
        "[ai] calls search_knowledge_base(",
        "[tool] [returns-policy | text | score",
        "[ai] Based on the top reranked source [returns-policy",
      ],
    ],
    [
      "llamaindex/query-engine.ts",
      [
        /1\s+0\.\d+\s+0\.\d+\s+IMAGE\s+chart-quarterly-revenue/,
        /1\s+0\.\d+\s+0\.\d+\s+TEXT\s+returns-policy/,
        "(rerank: 8 nodes → 3",
      ],
    ],
    [
      "llamaindex/chat-engine.ts",
      ["context: photo-rain-jacket (IMAGE", "context: shipping-standard (TEXT", "chat history: 4 messages"],
    ],
  ];

  for (const [file, expected] of cases) {
    it(
      file,
      async () => {
        const result = await runExample(file);
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        expect(firstLine(result.stdout)).toMatch(new RegExp(`^${offlineBanner}`));
        for (const pattern of expected) {
          if (typeof pattern === "string") expect(result.stdout).toContain(pattern);
          else expect(result.stdout).toMatch(pattern);
        }
      },
      timeout,
    );
  }

  it(
    "core/errors.ts prints every typed error with what it carries",
    async () => {
      const result = await runExample("core/errors.ts");
      expect(result.code).toBe(0);
      expect(firstLine(result.stdout)).toMatch(new RegExp(`^${offlineBanner}`));
      for (const name of [
        "RerankAPIError",
        "RerankRetryError",
        "InvalidArgumentError",
        "RerankTimeoutError",
        "RerankNetworkError",
        "RerankResponseValidationError",
        "LoadAPIKeyError",
      ]) {
        expect(result.stdout).toContain(`${name}:`);
      }
      expect(result.stdout).toMatch(
        /RerankAPIError: status=401 apiCode=InvalidApiKey requestId=[\w-]+ isRetryable=false/,
      );
      expect(result.stdout).toMatch(
        /RerankRetryError: reason=maxRetriesExceeded attempts=3 status=429 apiCode=Throttling\.RateQuota requestId=[\w-]+/,
      );
      expect(result.stdout).toContain("InvalidArgumentError: argument=documents[0].image");
      expect(result.stdout).toContain("RerankTimeoutError: timeoutMs=300");
      expect(result.stdout).toContain("recovered: best document is #0");
      // The API key never appears in any message.
      expect(result.stdout).not.toContain("offline-demo-key");
    },
    timeout,
  );
});

// ---- the demo -------------------------------------------------------------------------------------------------

interface Ranked {
  id: string;
  kind: string;
  score: number | null;
}
interface DemoJson {
  offline: boolean;
  backend: string;
  provider: string;
  queries: Array<{
    query: { text: string; target: string };
    core: { retrieved: Ranked[]; reranked: Ranked[] };
    langchain: { retrieved: Ranked[]; reranked: Ranked[] };
    llamaindex: { retrieved: Ranked[]; reranked: Ranked[] };
  }>;
  usage: Record<string, { requests: number; totalTokens: number; imagesSent: number }>;
  estimatedCost: { currency: string; cost: number; note: string } | null;
}

/** The corpus and the captions as the server sees them, read straight from examples/data. */
function loadExpectations() {
  const corpus = JSON.parse(readFileSync(path.join(dataDir, "corpus.json"), "utf8")) as {
    passages: Array<{ id: string; text: string }>;
    images: Array<{ id: string; file: string; alt: string }>;
    videos: Array<{ id: string; url: string; alt: string }>;
  };
  const rawCaptions = JSON.parse(readFileSync(path.join(dataDir, "captions.json"), "utf8")) as Record<string, string>;
  const dataUri = (file: string) =>
    `data:image/png;base64,${readFileSync(path.join(dataDir, "images", file)).toString("base64")}`;
  const captions: Record<string, string> = {};
  for (const [key, caption] of Object.entries(rawCaptions)) {
    if (key.startsWith("http")) captions[key] = caption;
    else if (key.endsWith(".png")) captions[dataUri(key)] = caption;
  }
  const sent = new Map<string, { media: { text?: string; image?: string; video?: string }; alt?: string }>();
  for (const passage of corpus.passages) sent.set(passage.id, { media: { text: passage.text } });
  for (const image of corpus.images) sent.set(image.id, { media: { image: dataUri(image.file) }, alt: image.alt });
  for (const video of corpus.videos) sent.set(video.id, { media: { video: video.url }, alt: video.alt });
  return { captions, sent };
}

/**
 * The order the server's scorer gives `candidates`: DashScope documents carry only the media for a picture or video
 * (the core's default `mixedContent: "media"`); vLLM documents from the plugins carry the alt text too ("both").
 */
function expectedOrder(query: string, candidates: readonly Ranked[], withAltText: boolean) {
  const { captions, sent } = loadExpectations();
  return candidates
    .map((candidate, position) => {
      const { media, alt } = sent.get(candidate.id)!;
      const input = withAltText && alt !== undefined ? { ...media, text: alt } : media;
      return { id: candidate.id, position, score: lexicalScore(query, input, captions) };
    })
    .sort((a, b) => b.score - a.score || a.position - b.position);
}

function checkDemo(demo: DemoJson, backend: "dashscope" | "vllm"): void {
  expect(demo.offline).toBe(true);
  expect(demo.backend).toBe(backend);
  expect(demo.queries).toHaveLength(3);
  for (const { query, ...pipelines } of demo.queries) {
    for (const [name, pipeline] of Object.entries(pipelines)) {
      expect(pipeline.retrieved.length, `${name}: ${query.text}`).toBe(8);
      expect(pipeline.reranked.length, `${name}: ${query.text}`).toBe(name === "core" ? 8 : 3);
      const expected = expectedOrder(query.text, pipeline.retrieved, backend === "vllm" && name !== "core");
      expect(
        pipeline.reranked.map((item) => item.id),
        `${name}: ${query.text}`,
      ).toEqual(expected.slice(0, pipeline.reranked.length).map((item) => item.id));
      for (const [rank, item] of pipeline.reranked.entries()) expect(item.score).toBeCloseTo(expected[rank]!.score, 6);
      expect(pipeline.reranked[0]!.id, `${name} puts the target first for "${query.text}"`).toBe(query.target);
    }
  }
  expect(demo.usage.total!.requests).toBe(9);
  expect(demo.usage.total!.totalTokens).toBeGreaterThan(0);
}

describe.concurrent("pnpm demo", () => {
  it(
    "prints the offline banner first, side-by-side tables, tokens and an estimated cost",
    async () => {
      const result = await runExample("demo.ts");
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(firstLine(result.stdout)).toMatch(new RegExp(`^${offlineBanner}`));
      expect(result.stdout).toContain("retriever order");
      expect(result.stdout).toContain("reranked order");
      expect(result.stdout).toMatch(/Estimated cost: CNY \d+\.\d+/);
      expect(result.stdout).toContain("estimate: CNY 0.7 / 1M text tokens and CNY 1.8 / 1M image tokens");
    },
    timeout,
  );

  it(
    "--json: reranked orders equal the stand-in scorer's, computed independently",
    async () => {
      const result = await runExample("demo.ts", ["--json"]);
      expect(result.code).toBe(0);
      expect(firstLine(result.stderr)).toMatch(new RegExp(`^${offlineBanner}`));
      const demo = JSON.parse(result.stdout) as DemoJson;
      checkDemo(demo, "dashscope");
      expect(demo.estimatedCost?.currency).toBe("CNY");
      expect(demo.estimatedCost?.note).toMatch(/^estimate/);
    },
    timeout,
  );

  it(
    "--backend vllm --json: the same through core's createVLLM",
    async () => {
      const result = await runExample("demo.ts", ["--backend", "vllm", "--json"]);
      expect(result.code).toBe(0);
      const demo = JSON.parse(result.stdout) as DemoJson;
      expect(demo.provider).toBe("vllm");
      checkDemo(demo, "vllm");
    },
    timeout,
  );

  it(
    "with a key, calls the configured endpoint, and fails with exit 1 and a one-line reason",
    async () => {
      // A server that rejects the key stands in for the real API: the demo takes its online path (no local server).
      const server = await startRerankServer({ apiKey: "the-right-key" });
      try {
        const result = await runExample("demo.ts", [], {
          DASHSCOPE_API_KEY: "a-wrong-key",
          DASHSCOPE_HTTP_BASE_URL: `${server.url}/api/v1`,
          // Set explicitly so that nothing in a developer's examples/.env changes the path under test.
          QWEN_RERANK_OFFLINE: "0",
          QWEN_RERANK_MODEL: "qwen3-vl-rerank",
        });
        expect(result.code).toBe(1);
        expect(firstLine(result.stdout)).toBe(
          `online: DashScope API at ${server.url}/api/v1, model qwen3-vl-rerank (DASHSCOPE_API_KEY is set; calls are billed)`,
        );
        expect(result.stderr.trim().split("\n")).toHaveLength(1);
        expect(result.stderr).toMatch(/^RerankAPIError \[RERANK_ERR_API status=401 apiCode=InvalidApiKey requestId=/);
        expect(result.stderr).not.toContain("a-wrong-key");
        expect(server.calls.length).toBeGreaterThan(0);
      } finally {
        await server.close();
      }
    },
    timeout,
  );
});
