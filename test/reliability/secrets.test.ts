import { inspect } from "node:util";
import { ContextualCompressionRetriever } from "@langchain/classic/retrievers/contextual_compression";
import { Document } from "@langchain/core/documents";
import { ConsoleCallbackHandler } from "@langchain/core/tracers/console";
import { FakeRetriever } from "@langchain/core/utils/testing";
import { TextNode } from "@llamaindex/core/schema";
import { createDashScope, createVLLM, LoadAPIKeyError, RerankError, rerank } from "@qwen-rerank/core";
import { QwenRerank as LangChainRerank } from "@qwen-rerank/langchain";
import { QwenRerank as LlamaIndexRerank } from "@qwen-rerank/llamaindex";
import { describe, expect, it } from "vitest";
import { apiKey, noSleep, useReliability, useServer } from "./helpers.js";

// Item 4: the API key never shows in an error (message, stack, JSON, inspect), a serialized compressor or
// postprocessor, or any log line. useReliability() captures every console and stdout/stderr write of this file and
// fails at the end if one holds the key; the other sections do the same for their own runs.

const documents = ["red apple", "green apple pie", "blue sky"];

describe("the API key stays secret", () => {
  // Quiet: this file logs errors on purpose, to check what an app's logs would hold.
  const reliability = useReliability("secrets", { quiet: true });
  const context = useServer();
  const tally = { serializations: 0, errors: 0, logRuns: 0, echoes: 0 };
  const expectClean = (label: string, value: unknown) => {
    expect(reliability.scan(label, value)).toBeUndefined();
  };

  it("is kept off the LangChain compressor: JSON.stringify, util.inspect (depth 10), own keys", async () => {
    const withOption = new LangChainRerank({
      apiKey,
      baseURL: context.baseURL,
      dispatcher: context.dispatcher,
      retry: noSleep,
    });
    const withModel = new LangChainRerank({ model: context.vllm().rerankModel("Qwen/Qwen3-VL-Reranker-2B") });
    for (const [label, compressor] of [
      ["apiKey option", withOption],
      ["vLLM RerankModel", withModel],
    ] as const) {
      await compressor.compressDocuments(
        documents.map((pageContent) => new Document({ pageContent })),
        "apple",
      );
      expectClean(`LangChain ${label}: JSON.stringify`, JSON.stringify(compressor));
      expectClean(`LangChain ${label}: inspect`, inspect(compressor, { depth: 10, showHidden: true }));
      expectClean(
        `LangChain ${label}: own property names`,
        Object.getOwnPropertyNames(compressor).map((key) => [key, (compressor as never)[key]]),
      );
      tally.serializations += 3;
    }
  });

  it("is kept off the LlamaIndex postprocessor and off providers and models", async () => {
    const postprocessor = new LlamaIndexRerank({
      apiKey,
      baseURL: context.baseURL,
      dispatcher: context.dispatcher,
      retry: noSleep,
    });
    await postprocessor.postprocessNodes(
      documents.map((text) => ({ node: new TextNode({ text }) })),
      "apple",
    );
    const dashscope = createDashScope({ apiKey, baseURL: context.baseURL });
    const vllm = createVLLM({ baseURL: context.server.url, apiKey });
    const values: Array<[string, unknown]> = [
      ["LlamaIndex postprocessor", postprocessor],
      ["DashScope provider", dashscope],
      ["DashScope model", dashscope.rerankModel("qwen3-vl-rerank")],
      ["vLLM provider", vllm],
      ["vLLM model", vllm.rerankModel("Qwen/Qwen3-VL-Reranker-2B")],
    ];
    for (const [label, value] of values) {
      expectClean(`${label}: JSON.stringify`, JSON.stringify(value));
      expectClean(`${label}: inspect`, inspect(value, { depth: 10, showHidden: true }));
      tally.serializations += 2;
    }
  });

  it("never appears in errors, whatever was done wrong with it", async () => {
    const failures: Array<[string, () => Promise<unknown> | unknown]> = [
      // A key the server refuses: the message names the status and code, never the key sent.
      [
        "wrong key (401)",
        () =>
          rerank({
            model: context.dashscope({ apiKey: `${apiKey}-revoked` }).rerankModel("qwen3-rerank"),
            query: "q",
            documents,
          }),
      ],
      // The key given to rerank() as an option, where it does not belong.
      [
        "key as an unknown rerank() option",
        () =>
          rerank({ model: context.dashscope().rerankModel("qwen3-rerank"), query: "q", documents, apiKey } as never),
      ],
      [
        "key as a rerank() header value with a bad type",
        () =>
          rerank({
            model: context.dashscope().rerankModel("qwen3-rerank"),
            query: apiKey,
            documents: [],
            headers: { a: apiKey },
          }),
      ],
      // Swapped arguments: the key where the base URL goes.
      ["key as the LangChain baseURL", () => new LangChainRerank({ baseURL: apiKey })],
      ["key as the LlamaIndex baseURL", () => new LlamaIndexRerank({ baseURL: apiKey })],
      ["key as the LangChain topN", () => new LangChainRerank({ topN: apiKey as never })],
      [
        "key as the LlamaIndex model settings",
        () => new LlamaIndexRerank({ apiKey, model: context.vllm().rerankModel("m") }),
      ],
      [
        "key as the core baseURL",
        () =>
          rerank({
            model: createDashScope({ apiKey, baseURL: apiKey }).rerankModel("qwen3-rerank"),
            query: "q",
            documents,
            maxRetries: 0,
          }),
      ],
      ["key as a vLLM baseURL", () => createVLLM({ baseURL: apiKey })],
    ];
    for (const [label, fail] of failures) {
      const error = await (async () => fail())().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(RerankError.isInstance(error), label).toBe(true);
      expectClean(label, error);
      tally.errors++;
    }
    const missing = await withoutEnvKey(() =>
      rerank({
        model: createDashScope({ baseURL: context.baseURL }).rerankModel("qwen3-rerank"),
        query: "q",
        documents,
      }),
    );
    expect(LoadAPIKeyError.isInstance(missing)).toBe(true);
    expect((missing as Error).message).toMatch(/DASHSCOPE_API_KEY/);
  });

  it("is scrubbed from a proxy's answer that echoes it back (status page, JSON error, headers)", async () => {
    const echoes: Array<[string, (authorization: string) => Parameters<typeof context.server.enqueue>[0]]> = [
      [
        "502 page echoing the request headers",
        (authorization) => ({
          type: "status",
          status: 502,
          body: `<html><pre>upstream failed\nAuthorization: ${authorization}</pre></html>`,
          headers: { "content-type": "text/html" },
        }),
      ],
      [
        "401 JSON echoing the key",
        (authorization) => ({
          type: "status",
          status: 401,
          body: { code: "InvalidApiKey", message: `Invalid API-key provided: ${authorization.slice(7)}` },
        }),
      ],
      [
        "200 error body echoing the key",
        (authorization) => ({
          type: "status",
          status: 200,
          body: { code: "InvalidParameter", message: `bad key ${authorization}` },
        }),
      ],
      [
        "a response header echoing the key",
        (authorization) => ({ type: "status", status: 500, headers: { "x-echo-authorization": authorization } }),
      ],
    ];
    for (const [label, echo] of echoes) {
      context.server.reset();
      context.server.onCall((call) => echo(call.headers.authorization ?? ""));
      const error = await rerank({
        model: context.dashscope().rerankModel("qwen3-rerank"),
        query: "q",
        documents,
        maxRetries: 1,
        retry: noSleep,
      }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(RerankError.isInstance(error), label).toBe(true);
      expectClean(`echo: ${label}`, error);
      tally.echoes++;
    }
  });

  it("stays out of logs: LangChain's console tracer and apps that log the error", async () => {
    context.server.onCall(() => ({ type: "status", status: 503 }));
    const retriever = new ContextualCompressionRetriever({
      baseCompressor: new LangChainRerank({
        apiKey,
        baseURL: context.baseURL,
        dispatcher: context.dispatcher,
        maxRetries: 1,
        retry: noSleep,
      }),
      baseRetriever: new FakeRetriever({ output: documents.map((pageContent) => new Document({ pageContent })) }),
    });
    const error = await retriever.invoke("apple", { callbacks: [new ConsoleCallbackHandler()] }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(RerankError.isInstance(error)).toBe(true);
    // What an app does with it: log it whole.
    console.error("rerank failed:", error);
    console.log(JSON.stringify({ level: "error", error }));
    const postprocessor = new LlamaIndexRerank({
      apiKey,
      baseURL: context.baseURL,
      dispatcher: context.dispatcher,
      maxRetries: 1,
      retry: noSleep,
      onError: "passthrough",
    });
    const events: unknown[] = [];
    await postprocessor
      .postprocessNodes([{ node: new TextNode({ text: "a" }) }], "apple")
      .then(() => events.push("passthrough"));
    const withHook = new LlamaIndexRerank({
      apiKey,
      baseURL: context.baseURL,
      dispatcher: context.dispatcher,
      maxRetries: 0,
      onRerankError: (event) => events.push(event),
    });
    await withHook
      .postprocessNodes([{ node: new TextNode({ text: "a" }) }], "apple")
      .catch((caught: unknown) => console.warn(caught));
    expectClean("LlamaIndex rerank-error events", events);
    expect(reliability.lines.length).toBeGreaterThan(3);
    tally.logRuns += 2;
  });

  it("records the figures", () => {
    Object.assign(reliability.figures, tally);
    expect(tally.errors).toBeGreaterThan(0);
  });
});

async function withoutEnvKey<T>(action: () => Promise<T>): Promise<unknown> {
  const previous = process.env.DASHSCOPE_API_KEY;
  delete process.env.DASHSCOPE_API_KEY;
  try {
    return await action().then(
      () => undefined,
      (caught: unknown) => caught,
    );
  } finally {
    if (previous !== undefined) process.env.DASHSCOPE_API_KEY = previous;
  }
}
