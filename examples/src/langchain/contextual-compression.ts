/**
 * LangChain: `QwenRerank` as the compressor of a `ContextualCompressionRetriever`. The base retriever fuses a passage
 * index and a picture index (toy embeddings); the reranker puts both on one scale and keeps the best three. Pictures
 * travel in `metadata.image` as local paths, read only inside `allowedLocalRoots`.
 *   pnpm --filter examples run langchain-retriever
 */
import { ContextualCompressionRetriever } from "@langchain/classic/retrievers/contextual_compression";
import { QwenRerank } from "@qwen-rerank/langchain";
import { imagesDir, loadCorpus, serverCaptions } from "../lib/corpus.js";
import { createCorpusRetriever } from "../lib/langchain-kit.js";
import { run } from "../lib/run.js";
import { score, table } from "../lib/table.js";

run(
  async ({ model }) => {
    const { items } = loadCorpus();
    const baseRetriever = await createCorpusRetriever(items, { textK: 5, mediaK: 3 });
    const retriever = new ContextualCompressionRetriever({
      baseRetriever,
      // `model` also takes an id ("qwen3-vl-rerank") with `apiKey`/`baseURL`; here it is the backend's ready-made model.
      baseCompressor: new QwenRerank({ model, topN: 3, allowedLocalRoots: [imagesDir] }),
    });

    for (const query of [
      "Which chart shows quarterly revenue growth?",
      "yellow waterproof jacket for hiking in the rain",
    ]) {
      const before = await baseRetriever.invoke(query);
      const after = await retriever.invoke(query);
      console.log(`\nquery: ${query}`);
      console.log(`retrieved (${before.length}): ${before.map((document) => document.metadata.id).join(", ")}`);
      console.log(
        table(
          ["rank", "score", "kind", "id", "pageContent"],
          after.map((document, rank) => [
            rank + 1,
            score(document.metadata.relevanceScore as number),
            String(document.metadata.kind),
            String(document.metadata.id),
            document.pageContent.slice(0, 60),
          ]),
        ),
      );
    }
  },
  { captions: serverCaptions() },
);
