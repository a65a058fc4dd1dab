import { BaseRetriever } from "@langchain/core/retrievers";
import { RunnableLambda } from "@langchain/core/runnables";
import { Document } from "@langchain/core/documents";
import { startRerankServer } from "@qwen-rerank/testing";
import { it } from "vitest";
import { QwenRerank } from "./index.js";
it("scratch", async () => {
  const server = await startRerankServer();
  const qr = new QwenRerank({ apiKey: "test-key", baseURL: server.url + "/api/v1" });
  const docs = [new Document({ pageContent: "a b" }), new Document({ pageContent: "c d" })];
  class R extends BaseRetriever { lc_namespace = ["x"]; async _getRelevantDocuments(q: string) { return qr.compressDocuments(docs, q); } }
  for (const [label, fn] of [["lambda", (cb: unknown) => RunnableLambda.from(async (q: string) => qr.compressDocuments(docs, q)).invoke("a", { callbacks: cb as never })], ["retriever", (cb: unknown) => new R().invoke("a", { callbacks: cb as never })]] as const) {
    const events: unknown[] = [];
    await fn([{ handleChainStart: (...a: unknown[]) => { events.push(["chain", a[7], a[2], a[3]]); }, handleRetrieverStart: (...a: unknown[]) => { events.push(["retr", a[2], a[3]]); } }]);
    await new Promise((r) => setTimeout(r, 30));
    console.log(label, JSON.stringify(events));
  }
  await server.close();
});
