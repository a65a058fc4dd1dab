/** The demo's readable output: side-by-side tables per query and path, tokens, and the cost estimate. */
import type { CorpusItem, DemoQuery } from "./corpus.js";
import type { Backend } from "./run.js";
import { score, table } from "./table.js";
import type { CostEstimate, Usage } from "./usage.js";

export interface Ranked {
  id: string;
  kind: string;
  score: number | undefined;
}
export interface PipelineResult {
  /** Candidates in the retriever's order, with its similarity (not comparable across its text and media indexes). */
  retrieved: Ranked[];
  /** The reranker's order, with its scores. */
  reranked: Ranked[];
}
export interface QueryResult {
  query: DemoQuery;
  core: PipelineResult;
  langchain: PipelineResult;
  llamaindex: PipelineResult;
}

export function counts(items: readonly CorpusItem[]) {
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
    return [
      i + 1,
      before?.id ?? "",
      before?.kind ?? "",
      score(before?.score),
      "|",
      after?.id ?? "",
      after?.kind ?? "",
      score(after?.score),
    ];
  });
  return table(["#", "retriever order", "kind", "similarity", "|", "reranked order", "kind", "score"], rows);
}

export function printReport({
  backend,
  items,
  results,
  usage,
  cost,
  topN,
  retrieval,
}: {
  backend: Backend;
  items: readonly CorpusItem[];
  results: readonly QueryResult[];
  usage: Record<"core" | "langchain" | "llamaindex" | "total", Usage>;
  cost: CostEstimate | undefined;
  topN: number;
  retrieval: { textK: number; mediaK: number };
}): void {
  const { passages, images, videos } = counts(items);
  console.log(
    `Corpus: ${passages} passages, ${images} pictures, ${videos} video (examples/data). Model: ${backend.modelId} via ${backend.provider}.`,
  );
  console.log(
    `Retriever: toy trigram embedding (not semantic), top ${retrieval.textK} passages + top ${retrieval.mediaK} pictures/videos from separate indexes; their similarities do not compare, the reranker's scores do.`,
  );
  results.forEach(({ query, core, langchain, llamaindex }, n) => {
    console.log(
      `\n=== Query ${n + 1}: "${query.text}"  (a ${query.expect === "image" ? "picture" : "passage"} should win: ${query.target})\n`,
    );
    console.log("Core rerank(): every candidate, reranked");
    console.log(sideBySide(core));
    console.log(
      `\nLangChain: ContextualCompressionRetriever(EnsembleRetriever over two MemoryVectorStores → QwenRerank, topN ${topN})`,
    );
    console.log(sideBySide(langchain));
    console.log("(EnsembleRetriever fuses the two indexes by rank and reports no similarity.)");
    console.log(
      `\nLlamaIndex: query engine (VectorStoreIndex with text and image stores → QwenRerank, topN ${topN}; MockLLM answers)`,
    );
    console.log(sideBySide(llamaindex));
  });
  console.log("\nTokens (as reported by the API)");
  const row = (name: string, item: Usage) => [name, item.requests, item.totalTokens, item.imagesSent];
  console.log(
    table(
      ["path", "requests", "tokens", "images sent"],
      [
        row("core", usage.core),
        row("langchain", usage.langchain),
        row("llamaindex", usage.llamaindex),
        row("total", usage.total),
      ],
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
  if (backend.offline)
    console.log(
      "\nSet DASHSCOPE_API_KEY (see examples/.env.example) to run the same code against the real qwen3-vl-rerank.",
    );
}
