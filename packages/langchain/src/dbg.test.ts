import { ContextualCompressionRetriever } from "@langchain/classic/retrievers/contextual_compression";
import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { Document } from "@langchain/core/documents";
import { SyntheticEmbeddings } from "@langchain/core/utils/testing";
import { startRerankServer } from "@qwen-rerank/testing";
import { it } from "vitest";
import { QwenRerank } from "./index.js";
it("dbg", async () => {
  const server = await startRerankServer();
  const store = await MemoryVectorStore.fromDocuments([new Document({ pageContent: "a b" }), new Document({ pageContent: "c d" })], new SyntheticEmbeddings({ vectorSize: 8 }));
  const retriever = new ContextualCompressionRetriever({ baseCompressor: new QwenRerank({ apiKey: "test-key", baseURL: server.url + "/api/v1" }), baseRetriever: store.asRetriever({ k: 2 }) });
  const events: unknown[] = [];
  await retriever.invoke("a", { callbacks: [{ handleChainStart: (...args: unknown[]) => { events.push(["chain", args[2], args[4], args[5], args[6], args[7]]); }, handleRetrieverStart: (...args: unknown[]) => { events.push(["retr", args[2], args[3], args[4], args[6]]); } }] });
  await new Promise((r) => setTimeout(r, 50));
  console.log(JSON.stringify(events, null, 1));
  await server.close();
});
