/**
 * LangChain v1 agent (`createAgent`) whose retrieval tool runs a ContextualCompressionRetriever with `QwenRerank`.
 * The chat model is scripted (`fakeModel` from @langchain/core/testing): it calls the tool once, then answers from
 * what the tool returned. The reranking is real: the local stand-in server offline, DashScope with a key.
 *   pnpm --filter examples run langchain-agent
 */
import { ContextualCompressionRetriever } from "@langchain/classic/retrievers/contextual_compression";
import { AIMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { QwenRerank } from "@qwen-rerank/langchain";
import { createAgent, tool } from "langchain";
import { imagesDir, loadCorpus, serverCaptions } from "../lib/corpus.js";
import { createCorpusRetriever } from "../lib/langchain-kit.js";
import { run } from "../lib/run.js";

run(
  async ({ model: rerankModel }) => {
    const { items } = loadCorpus();
    const retriever = new ContextualCompressionRetriever({
      baseRetriever: await createCorpusRetriever(items),
      baseCompressor: new QwenRerank({ model: rerankModel, topN: 3, allowedLocalRoots: [imagesDir] }),
    });

    const searchKnowledgeBase = tool(
      async ({ query }: { query: string }) => {
        const documents = await retriever.invoke(query);
        // Pictures are described by their alt text and path; a multimodal LLM could be sent the image itself.
        return documents
          .map(
            (document) =>
              `[${document.metadata.id} | ${document.metadata.kind} | score ${(document.metadata.relevanceScore as number).toFixed(3)}] ${document.pageContent}`,
          )
          .join("\n");
      },
      {
        name: "search_knowledge_base",
        description: "Search the shop's passages and pictures; returns the three most relevant, reranked.",
        schema: {
          type: "object",
          properties: { query: { type: "string", description: "what to look for" } },
          required: ["query"],
        },
      },
    );

    const question = "Do I get my money back if I return shoes?";
    // Scripted LLM turns: 1) call the tool, 2) answer from the tool's output (the last ToolMessage).
    const llm = fakeModel()
      .respondWithTools([{ name: "search_knowledge_base", args: { query: question }, id: "call_1" }])
      .respond((messages) => {
        const found = messages.filter(ToolMessage.isInstance).at(-1)?.content ?? "";
        const best = String(found).split("\n")[0] ?? "";
        return new AIMessage(
          `Based on the top reranked source ${best.slice(0, best.indexOf("]") + 1)}: ${best.slice(best.indexOf("]") + 2)}`,
        );
      });

    const agent = createAgent({
      model: llm,
      tools: [searchKnowledgeBase],
      systemPrompt: "Answer from the knowledge base only.",
    });
    const { messages } = await agent.invoke({ messages: [{ role: "user", content: question }] });

    for (const message of messages) {
      const kind = message.getType();
      const text = typeof message.content === "string" ? message.content : JSON.stringify(message.content);
      if (AIMessage.isInstance(message) && (message.tool_calls?.length ?? 0) > 0) {
        console.log(
          `\n[ai] calls ${message.tool_calls!.map((call) => `${call.name}(${JSON.stringify(call.args)})`).join(", ")}`,
        );
      } else {
        console.log(`\n[${kind}] ${text}`);
      }
    }
  },
  { captions: serverCaptions() },
);
