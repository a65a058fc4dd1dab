/**
 * `pnpm demo`: a small multimodal RAG scenario end to end. For each demo query it shows the retriever's order next to
 * the reranked order, through the core API, a LangChain ContextualCompressionRetriever and a LlamaIndex query engine,
 * then the tokens used and an estimated cost.
 *
 *   pnpm demo                      # offline without DASHSCOPE_API_KEY, the real API with it
 *   pnpm demo -- --json            # the same data as JSON on stdout
 *   pnpm demo -- --backend vllm    # the same through core's createVLLM (local server's vLLM route, or VLLM_BASE_URL)
 */
import { ContextualCompressionRetriever } from "@langchain/classic/retrievers/contextual_compression";
import { rerank } from "@qwen-rerank/core";
import { QwenRerank as LangChainQwenRerank } from "@qwen-rerank/langchain";
import { QwenRerank as LlamaIndexQwenRerank } from "@qwen-rerank/llamaindex";
import { imagesDir, loadCorpus, serverCaptions, toRerankInput } from "./lib/corpus.js";
import { counts, printReport, type QueryResult } from "./lib/demo-report.js";
import { createCorpusRetriever } from "./lib/langchain-kit.js";
import { createCorpusIndex, nodeId, useToySettings } from "./lib/llamaindex-kit.js";
import { run } from "./lib/run.js";
import { hybridRetrieve } from "./lib/toy-embedding.js";
import { addUsage, estimateCost, meter } from "./lib/usage.js";

const json = process.argv.includes("--json");
const topN = 3;
const retrieval = { textK: 5, mediaK: 3 };

run(
  async (backend) => {
    const { items } = loadCorpus();
    const byId = new Map(items.map((item) => [item.id, item]));
    const kindOf = (id: string) => byId.get(id)?.kind ?? "?";
    const { queries } = loadCorpus();
    const allowedLocalRoots = [imagesDir];

    // One meter per path, wrapping the same model: the plugins take a ready-made RerankModel as `model`.
    const core = meter(backend.model);
    const langchain = meter(backend.model);
    const llamaindex = meter(backend.model);

    const baseRetriever = await createCorpusRetriever(items, retrieval);
    const compressionRetriever = new ContextualCompressionRetriever({
      baseRetriever,
      baseCompressor: new LangChainQwenRerank({ model: langchain.model, topN, allowedLocalRoots }),
    });

    useToySettings();
    const index = await createCorpusIndex(items);
    const indexRetriever = index.asRetriever({ topK: { TEXT: retrieval.textK, IMAGE: retrieval.mediaK, AUDIO: 0 } });
    const queryEngine = index.asQueryEngine({
      retriever: indexRetriever,
      nodePostprocessors: [new LlamaIndexQwenRerank({ model: llamaindex.model, topN, allowedLocalRoots })],
    });

    const results: QueryResult[] = [];
    for (const query of queries) {
      const candidates = hybridRetrieve(query.text, items, retrieval);
      const ranked = await rerank({
        model: core.model,
        query: query.text,
        documents: candidates.map(({ item }) => toRerankInput(item)),
        allowedLocalRoots,
      });

      const lcRetrieved = await baseRetriever.invoke(query.text);
      const lcReranked = await compressionRetriever.invoke(query.text);

      const liRetrieved = await indexRetriever.retrieve({ query: query.text });
      const response = await queryEngine.query({ query: query.text });

      results.push({
        query,
        core: {
          retrieved: candidates.map(({ item, score }) => ({ id: item.id, kind: item.kind, score })),
          reranked: ranked.results.map(({ index, score }) => ({
            id: candidates[index]!.item.id,
            kind: candidates[index]!.item.kind,
            score,
          })),
        },
        langchain: {
          retrieved: lcRetrieved.map((document) => ({
            id: String(document.metadata.id),
            kind: kindOf(String(document.metadata.id)),
            score: undefined,
          })),
          reranked: lcReranked.map((document) => ({
            id: String(document.metadata.id),
            kind: kindOf(String(document.metadata.id)),
            score: document.metadata.relevanceScore as number,
          })),
        },
        llamaindex: {
          retrieved: liRetrieved.map(({ node, score }) => ({ id: nodeId(node), kind: kindOf(nodeId(node)), score })),
          reranked: (response.sourceNodes ?? []).map(({ node, score }) => ({
            id: nodeId(node),
            kind: kindOf(nodeId(node)),
            score,
          })),
        },
      });
    }

    const usage = {
      core: core.usage,
      langchain: langchain.usage,
      llamaindex: llamaindex.usage,
      total: addUsage(core.usage, langchain.usage, llamaindex.usage),
    };
    const cost = estimateCost(usage.total, backend.modelId, backend.offline);
    if (json) {
      const output = {
        mode: backend.banner,
        offline: backend.offline,
        backend: backend.backend,
        provider: backend.provider,
        model: backend.modelId,
        baseURL: backend.baseURL,
        corpus: counts(items),
        retrieval: { ...retrieval, topN, embedding: "toy character-trigram hash, 64 dimensions" },
        queries: results,
        usage,
        estimatedCost: cost ?? null,
      };
      console.log(JSON.stringify(output, null, 2));
      return;
    }
    printReport({ backend, items, results, usage, cost, topN, retrieval });
  },
  {
    captions: serverCaptions(),
    // With --json, stdout is only the JSON; the banner (still the first line) goes to stderr.
    quietBanner: json,
  },
);
