/** LangChain pieces shared by the examples: the toy embedding as `Embeddings`, and a text + media retriever over the corpus. */
import { EnsembleRetriever } from "@langchain/classic/retrievers/ensemble";
import { MemoryVectorStore } from "@langchain/classic/vectorstores/memory";
import { Document } from "@langchain/core/documents";
import { Embeddings } from "@langchain/core/embeddings";
import type { CorpusItem } from "./corpus.js";
import { toyEmbed } from "./toy-embedding.js";

export class ToyEmbeddings extends Embeddings {
  constructor() {
    super({});
  }
  async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map(toyEmbed);
  }
  async embedQuery(document: string): Promise<number[]> {
    return toyEmbed(document);
  }
}

/**
 * A corpus item as a LangChain document. Pictures and videos keep their alt text as `pageContent` (what the retriever
 * embeds) and the media itself in `metadata.image` / `metadata.video`, where `QwenRerank` looks for it.
 */
export function toLangChainDocument(item: CorpusItem): Document {
  const metadata: Record<string, unknown> = { id: item.id, kind: item.kind };
  if (item.kind === "image") metadata.image = item.imagePath ?? item.url;
  if (item.kind === "video") metadata.video = item.url;
  return new Document({ id: item.id, pageContent: item.text, metadata });
}

/**
 * Two vector stores, one for passages and one for pictures and videos (as a multimodal index would keep them), fused
 * by rank. Their similarity scores do not compare across the two stores; the reranker's do.
 */
export async function createCorpusRetriever(
  items: readonly CorpusItem[],
  { textK = 5, mediaK = 3 } = {},
): Promise<EnsembleRetriever> {
  const embeddings = new ToyEmbeddings();
  const texts = await MemoryVectorStore.fromDocuments(
    items.filter((item) => item.kind === "text").map(toLangChainDocument),
    embeddings,
  );
  const media = await MemoryVectorStore.fromDocuments(
    items.filter((item) => item.kind !== "text").map(toLangChainDocument),
    embeddings,
  );
  return new EnsembleRetriever({ retrievers: [texts.asRetriever({ k: textK }), media.asRetriever({ k: mediaK })] });
}
