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
import { type CorpusItem, type DemoQuery, imagesDir, loadCorpus, serverCaptions, toRerankInput } from "./lib/corpus.js";
import { createCorpusRetriever } from "./lib/langchain-kit.js";
import { createCorpusIndex, nodeId, useToySettings } from "./lib/llamaindex-kit.js";
import { type Backend, run } from "./lib/run.js";
import { score, table } from "./lib/table.js";
import { hybridRetrieve } from "./lib/toy-embedding.js";
import { type Usage, addUsage, estimateCost, meter } from "./lib/usage.js";

const json = process.argv.includes("--json");
const topN = 3;
const retrieval = { textK: 5, mediaK: 3 };

interface Ranked {
  id: string;
  kind: string;
  score: number | undefined;
}
interface PipelineResult {
  /** Candidates in the retriever's order, with its similarity (not comparable across its text and media indexes). */
  retrieved: Ranked[];
  /** The reranker's order, with its scores. */
  reranked: Ranked[];
}
interface QueryResult {
  query: DemoQuery;
  core: PipelineResult;
  langchain: PipelineResult;
  llamaindex: PipelineResult;
}

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
      const ranked = await rerank({ model: core.model, query: query.text, documents: candidates.map(({ item }) => toRerankInput(item)), allowedLocalRoots });

      const lcRetrieved = await baseRetriever.invoke(query.text);
      const lcReranked = await compressionRetriever.invoke(query.text);

      const liRetrieved = await indexRetriever.retrieve({ query: query.text });
      const response = await queryEngine.query({ query: query.text });

      results.push({
        query,
        core: {
          retrieved: candidates.map(({ item, score }) => ({ id: item.id, kind: item.kind, score })),
          reranked: ranked.results.map(({ index, score }) => ({ id: candidates[index]!.item.id, kind: candidates[index]!.item.kind, score })),
        },
        langchain: {
          retrieved: lcRetrieved.map((document) => ({ id: String(document.metadata.id), kind: kindOf(String(document.metadata.id)), score: undefined })),
          reranked: lcReranked.map((document) => ({
            id: String(document.metadata.id),
            kind: kindOf(String(document.metadata.id)),
            score: document.metadata.relevanceScore as number,
          })),
        },
        llamaindex: {
          retrieved: liRetrieved.map(({ node, score }) => ({ id: nodeId(node), kind: kindOf(nodeId(node)), score })),
          reranked: (response.sourceNodes ?? []).map(({ node, score }) => ({ id: nodeId(node), kind: kindOf(nodeId(node)), score })),
        },
      });
    }

    const usage = { core: core.usage, langchain: langchain.usage, llamaindex: llamaindex.usage, total: addUsage(core.usage, langchain.usage, llamaindex.usage) };
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
    printReport(backend, items, results, usage, cost);
  },
  {
    captions: serverCaptions(),
    // With --json, stdout is only the JSON; the banner (still the first line) goes to stderr.
    quietBanner: json,
  },
);

function counts(items: readonly CorpusItem[]) {
  return {
    passages: items.filter((item) => item.kind === "text").length,
    images: items.filter((item) => item.kind === "image").length,
    videos: items.filter((item) => item.kind === "video").length,
  };
}

function sideBySide(result: PipelineResult): string {
  const rows = Array.from({ length: Math.max(result.retrieved.length, result.reranked.length) }, (_, i) => {
    const before = result.retrieved[i];
    const after = result.reranked[i];
    return [i + 1, before?.id ?? "", before?.kind ?? "", score(before?.score), "|", after?.id ?? "", after?.kind ?? "", score(after?.score)];
  });
  return table(["#", "retriever order", "kind", "similarity", "|", "reranked order", "kind", "score"], rows);
}

function printReport(
  backend: Backend,
  items: readonly CorpusItem[],
  results: readonly QueryResult[],
  usage: Record<"core" | "langchain" | "llamaindex" | "total", Usage>,
  cost: ReturnType<typeof estimateCost>,
): void {
  const { passages, images, videos } = counts(items);
  console.log(`Corpus: ${passages} passages, ${images} pictures, ${videos} video (examples/data). Model: ${backend.modelId} via ${backend.provider}.`);
  console.log(
    `Retriever: toy trigram embedding (not semantic), top ${retrieval.textK} passages + top ${retrieval.mediaK} pictures/videos from separate indexes; their similarities do not compare, the reranker's scores do.`,
  );
  results.forEach(({ query, core, langchain, llamaindex }, n) => {
    console.log(`\n=== Query ${n + 1}: "${query.text}"  (a ${query.expect === "image" ? "picture" : "passage"} should win: ${query.target})\n`);
    console.log("Core rerank(): every candidate, reranked");
    console.log(sideBySide(core));
    console.log(`\nLangChain: ContextualCompressionRetriever(EnsembleRetriever over two MemoryVectorStores → QwenRerank, topN ${topN})`);
    console.log(sideBySide(langchain));
    console.log(`\nLlamaIndex: query engine (VectorStoreIndex with text and image stores → QwenRerank, topN ${topN}; MockLLM answers)`);
    console.log(sideBySide(llamaindex));
  });
  console.log("\nTokens (as reported by the API)");
  const row = (name: string, item: Usage) => [name, item.requests, item.totalTokens, item.imagesSent];
  console.log(
    table(
      ["path", "requests", "tokens", "images sent"],
      [row("core", usage.core), row("langchain", usage.langchain), row("llamaindex", usage.llamaindex), row("total", usage.total)],
    ),
  );
  if (cost) {
    console.log(
      `\nEstimated cost: CNY ${cost.cost.toFixed(6)} for this run (${cost.textTokens} text + ${cost.imageTokens} image tokens), about CNY ${(cost.cost * 1000).toFixed(2)} per 1,000 runs.`,
    );
    console.log(`(${cost.note}.)`);
  } else {
    console.log(`\nNo price list for ${backend.modelId}; cost not estimated.`);
  }
  if (backend.offline) console.log("\nSet DASHSCOPE_API_KEY (see examples/.env.example) to run the same code against the real qwen3-vl-rerank.");
}
