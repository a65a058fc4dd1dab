// LangChain's own switch for its AsyncLocalStorage, which carries a runnable's config (signal included) to the runs
// inside it; LangGraph turns it on when loaded. Without it, no signal reaches a compressor at all.
import "@langchain/core/context";
import diagnostics from "node:diagnostics_channel";
import { ContextualCompressionRetriever } from "@langchain/classic/retrievers/contextual_compression";
import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { Document } from "@langchain/core/documents";
import { RunnableLambda, RunnableSequence } from "@langchain/core/runnables";
import { SyntheticEmbeddings } from "@langchain/core/utils/testing";
import { RerankTimeoutError } from "@qwen-rerank/core";
import { QwenRerank, type QwenRerankOptions } from "@qwen-rerank/langchain";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

// Issue "Reach" (3): which of LangChain's cancellations reach the rerank request. LangChain hands a compressor only
// `callbacks`; a retriever drops its own `signal` and `timeout` (docs/frameworks.md §1.4). What does reach it is the
// signal of an enclosing runnable, through LangChain's AsyncLocalStorage, and the compressor's own deadlines.

const query = "red running shoes";
const texts = ["red running shoes", "blue hats", "trail running", "pasta"];
const rerank = useRerankServer();

/** undici reports every request that ends in an error, an abort included, on this channel. */
const aborted: Error[] = [];
const onRequestError = (message: unknown) => aborted.push((message as { error: Error }).error);
beforeEach(() => {
  aborted.length = 0;
  diagnostics.subscribe("undici:request:error", onRequestError);
});
afterEach(() => diagnostics.unsubscribe("undici:request:error", onRequestError));

async function retrieverWith(options: QwenRerankOptions = {}) {
  const documents = texts.map((text, index) => new Document({ pageContent: text, id: String(index) }));
  const store = await MemoryVectorStore.fromDocuments(documents, new SyntheticEmbeddings({ vectorSize: 8 }));
  return new ContextualCompressionRetriever({
    baseCompressor: new QwenRerank({ apiKey: "test-key", baseURL: rerank.baseURL, maxRetries: 0, ...options }),
    baseRetriever: store.asRetriever({ k: texts.length }),
  });
}

/** The server holds the next rerank request unanswered; resolves once it has arrived. */
function hangNextRequest(): Promise<void> {
  return new Promise((arrived) => {
    const remove = rerank.server.onCall(() => {
      remove();
      arrived();
      return { type: "hang" };
    });
  });
}

describe("LangChain cancellation and the rerank request", () => {
  it("aborting a chain that runs the retriever aborts the rerank request in flight", async () => {
    const retriever = await retrieverWith();
    const chain = RunnableLambda.from((question: string) => retriever.invoke(question));
    const controller = new AbortController();
    const arrived = hangNextRequest();

    const pending = chain.invoke(query, { signal: controller.signal });
    await arrived;
    const reason = new Error("the user left");
    controller.abort(reason);

    await expect(pending).rejects.toThrow();
    await expect.poll(() => aborted.length, { interval: 1 }).toBe(1);
    expect(aborted[0]).toBe(reason);
    expect(rerank.server.calls).toHaveLength(1);
  });

  it("a chain's timeout aborts the rerank request too (LangChain turns it into the run's signal)", async () => {
    const retriever = await retrieverWith({ timeoutMs: 60_000 });
    const chain = RunnableLambda.from((question: string) => retriever.invoke(question));
    const arrived = hangNextRequest();

    const pending = chain.invoke(query, { timeout: 250 });
    await arrived;

    await expect(pending).rejects.toThrow();
    await expect.poll(() => aborted.length, { interval: 1 }).toBe(1);
    expect(aborted[0]?.name).toBe("TimeoutError");
  });

  it("retriever.invoke(query, { signal }) does not pass the signal on: the rerank runs though it was aborted", async () => {
    // A LangChain limitation, pinned here so the README changes when LangChain does: BaseRetriever.invoke hands
    // _getRelevantDocuments only a run manager, and ContextualCompressionRetriever hands the compressor callbacks.
    const retriever = await retrieverWith();
    const results = await retriever.invoke(query, { signal: AbortSignal.abort(new Error("too late")) });
    expect(results.length).toBeGreaterThan(0);
    expect(rerank.server.calls).toHaveLength(1);
  });

  it("a RunnableSequence that starts with the retriever stops waiting when aborted, but cannot abort the request", async () => {
    // The sequence passes its config to retriever.invoke, which drops the signal; nothing runs in AsyncLocalStorage.
    const retriever = await retrieverWith();
    const chain = RunnableSequence.from([retriever, (documents: Document[]) => documents.length]);
    const controller = new AbortController();
    const arrived = hangNextRequest();
    const pending = chain.invoke(query, { signal: controller.signal });
    await arrived;
    controller.abort(new Error("the user left"));
    await expect(pending).rejects.toThrow("the user left");
    // Still in flight: only the compressor's own timeoutMs / deadlineMs (or the server closing) ends it.
    expect(aborted).toEqual([]);
    expect(rerank.server.calls[0]!.response.status).toBeUndefined();
  });

  it("deadlineMs bounds the rerank wherever the retriever is called from", async () => {
    const retriever = await retrieverWith({ deadlineMs: 100, timeoutMs: 60_000 });
    const arrived = hangNextRequest();
    const pending = retriever.invoke(query, { signal: new AbortController().signal });
    await arrived;
    const error = await pending.catch((caught: unknown) => caught);
    expect(RerankTimeoutError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/deadline of 100 ms/);
    await expect.poll(() => aborted.length, { interval: 1 }).toBe(1);
  });
});
