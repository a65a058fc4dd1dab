import { ContextualCompressionRetriever } from "@langchain/classic/retrievers/contextual_compression";
import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { Document } from "@langchain/core/documents";
import { SyntheticEmbeddings } from "@langchain/core/utils/testing";
import { TextNode } from "@llamaindex/core/schema";
import { trace } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { createDashScope, rerank } from "@qwen-rerank/core";
import { instantRetry } from "@qwen-rerank/core/test";
import { QwenRerank as LangChainRerank } from "@qwen-rerank/langchain";
import { QwenRerank as LlamaIndexRerank } from "@qwen-rerank/llamaindex";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { afterAll, beforeEach, describe, expect, it } from "vitest";

const apiKey = "sk-telemetry-5ecre7-0123456789";
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();
afterAll(() => provider.shutdown());

const spans = () => exporter.getFinishedSpans();
const named = (name: string) => spans().filter((span) => span.name === name);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const documents = ["red running shoes", "pasta recipes", "trail running shoes"];

describe("OpenTelemetry spans", () => {
  const context = useRerankServer({ apiKey });
  const model = () => createDashScope({ apiKey, baseURL: context.baseURL }).rerankModel("qwen3-vl-rerank");
  beforeEach(() => exporter.reset());

  it("opens `rerank <model>` with GenAI attributes and one child span per HTTP request, with the attempt", async () => {
    context.server.enqueue({ type: "status", status: 503 });
    await rerank({ model: model(), query: "running shoes", documents, topN: 2, retry: instantRetry });
    const [call] = named("rerank qwen3-vl-rerank");
    expect(call?.attributes).toMatchObject({
      "gen_ai.operation.name": "rerank",
      "gen_ai.provider.name": "dashscope",
      "gen_ai.request.model": "qwen3-vl-rerank",
      "gen_ai.usage.input_tokens": expect.any(Number),
      "rerank.documents.count": 3,
      "rerank.requests.count": 1,
      "rerank.cache.hit": false,
      "rerank.request.top_n": 2,
    });
    const requests = named("POST");
    expect(
      requests.map((span) => [span.attributes["rerank.attempt"], span.attributes["http.response.status_code"]]),
    ).toEqual([
      [1, 503],
      [2, 200],
    ]);
    for (const request of requests) {
      expect(parentOf(request)).toBe(call!.spanContext().spanId);
      expect(request.attributes).toMatchObject({ "http.request.method": "POST", "server.address": "127.0.0.1" });
    }
    expect(requests[1]!.attributes["http.request.resend_count"]).toBe(1);
  });

  it("records an error on the span, never the key, and no document content unless asked", async () => {
    const wrong = createDashScope({ apiKey: `${apiKey}-wrong`, baseURL: context.baseURL }).rerankModel(
      "qwen3-vl-rerank",
    );
    await expect(rerank({ model: wrong, query: "running shoes", documents })).rejects.toMatchObject({ status: 401 });
    const [call] = named("rerank qwen3-vl-rerank");
    expect(call?.status.code).toBe(2);
    expect(call?.events.map((event) => event.name)).toContain("exception");
    const everything = JSON.stringify(
      spans().map((span) => ({ attributes: span.attributes, events: span.events, status: span.status })),
    );
    expect(everything).not.toContain(apiKey);
    expect(everything).not.toContain("pasta recipes");
    exporter.reset();
    await rerank({ model: model(), query: "running shoes", documents, telemetry: { recordInputs: true } });
    expect(named("rerank qwen3-vl-rerank")[0]?.attributes).toMatchObject({
      "rerank.query.text": "running shoes",
      "rerank.documents.text": documents,
    });
  });

  it("opens nothing with telemetry: { enabled: false }", async () => {
    await rerank({ model: model(), query: "running shoes", documents, telemetry: { enabled: false } });
    expect(spans()).toEqual([]);
  });

  it("nests both plugins' calls under the app's own span", async () => {
    const tracer = trace.getTracer("app");
    const options = { apiKey, baseURL: context.baseURL, topN: 2 };
    const store = await MemoryVectorStore.fromDocuments(
      documents.map((pageContent) => new Document({ pageContent })),
      new SyntheticEmbeddings({ vectorSize: 8 }),
    );
    const retriever = new ContextualCompressionRetriever({
      baseCompressor: new LangChainRerank(options),
      baseRetriever: store.asRetriever({ k: 3 }),
    });
    await tracer.startActiveSpan("app: langchain retrieval", async (span) => {
      await retriever.invoke("running shoes");
      span.end();
    });
    await tracer.startActiveSpan("app: llamaindex query", async (span) => {
      const nodes = documents.map((text) => ({ node: new TextNode({ text }) }));
      await new LlamaIndexRerank(options).postprocessNodes(nodes, "running shoes");
      span.end();
    });
    const reranks = named("rerank qwen3-vl-rerank");
    expect(reranks).toHaveLength(2);
    const app = (name: string) => named(name)[0]!.spanContext().spanId;
    expect(reranks.map(parentOf)).toEqual([app("app: langchain retrieval"), app("app: llamaindex query")]);
  });
});
