/**
 * LlamaIndex: a VectorStoreIndex with `TextNode`s and `ImageNode`s (a text store and an image store), and `QwenRerank`
 * as the query engine's node postprocessor. The retriever returns its text hits and its image hits as two lists; the
 * reranker scores both on one scale. `onRerankEnd` reports tokens and request ids. The LLM is `MockLLM`.
 *   pnpm --filter examples run llamaindex-query-engine
 */
import { QwenRerank } from "@qwen-rerank/llamaindex";
import { imagesDir, loadCorpus, serverCaptions } from "../lib/corpus.js";
import { createCorpusIndex, nodeId, useToySettings } from "../lib/llamaindex-kit.js";
import { run } from "../lib/run.js";
import { score, table } from "../lib/table.js";

run(
  async ({ model }) => {
    useToySettings();
    const index = await createCorpusIndex(loadCorpus().items);
    const retriever = index.asRetriever({ topK: { TEXT: 5, IMAGE: 3, AUDIO: 0 } });
    const reranker = new QwenRerank({
      // Also takes an id ("qwen3-vl-rerank") with `apiKey`/`baseURL`; here it is the backend's ready-made model.
      model,
      topN: 3,
      // After retrieval an ImageNode's image is a file:// URL; the file is read only inside these folders.
      allowedLocalRoots: [imagesDir],
      keepRetrievalScore: true,
      onRerankEnd: (event) =>
        console.log(
          `(rerank: ${event.nodeCount} nodes → ${event.nodes.length}, ${event.usage.totalTokens} tokens, request ${event.requestIds.join(", ")})`,
        ),
    });
    const queryEngine = index.asQueryEngine({ retriever, nodePostprocessors: [reranker] });

    for (const query of ["Which chart shows quarterly revenue growth?", "Do I get my money back if I return shoes?"]) {
      console.log(`\nquery: ${query}`);
      const retrieved = await retriever.retrieve({ query });
      console.log(`retrieved: ${retrieved.map(({ node }) => `${nodeId(node)} (${node.type})`).join(", ")}`);
      const response = await queryEngine.query({ query });
      console.log(
        table(
          ["rank", "rerank", "retrieval", "type", "id"],
          (response.sourceNodes ?? []).map(({ node, score: rerankScore }, rank) => [
            rank + 1,
            score(rerankScore),
            score(node.metadata.retrieval_score as number | undefined),
            node.type,
            nodeId(node),
          ]),
        ),
      );
      console.log(`answer: ${response.message.content}`);
    }
  },
  { captions: serverCaptions() },
);
