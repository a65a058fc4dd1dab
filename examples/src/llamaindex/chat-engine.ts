/**
 * LlamaIndex chat engine: `index.asChatEngine({ nodePostprocessors: [QwenRerank] })` reranks the context retrieved for
 * every turn before it reaches the LLM (here `MockLLM`). The chat engine sends the reranker the text of the message
 * only (docs/frameworks.md S5).
 *   pnpm --filter examples run llamaindex-chat-engine
 */
import { QwenRerank } from "@qwen-rerank/llamaindex";
import { imagesDir, loadCorpus, serverCaptions } from "../lib/corpus.js";
import { createCorpusIndex, nodeId, useToySettings } from "../lib/llamaindex-kit.js";
import { run } from "../lib/run.js";
import { score } from "../lib/table.js";

run(
  async ({ model }) => {
    useToySettings("(MockLLM) Here is what I found in the reranked context.");
    const index = await createCorpusIndex(loadCorpus().items);
    const chatEngine = index.asChatEngine({
      retriever: index.asRetriever({ topK: { TEXT: 5, IMAGE: 3, AUDIO: 0 } }),
      nodePostprocessors: [new QwenRerank({ model, topN: 2, allowedLocalRoots: [imagesDir] })],
    });

    for (const message of [
      "yellow waterproof jacket for hiking in the rain",
      "How long does standard shipping take?",
    ]) {
      const response = await chatEngine.chat({ message });
      console.log(`\nuser: ${message}`);
      console.log(`assistant: ${response.message.content}`);
      for (const { node, score: rerankScore } of response.sourceNodes ?? [])
        console.log(`  context: ${nodeId(node)} (${node.type}, score ${score(rerankScore)})`);
    }
    const history = await chatEngine.chatHistory;
    console.log(`\nchat history: ${history.length} messages`);
  },
  { captions: serverCaptions() },
);
