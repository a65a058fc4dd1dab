/** LlamaIndex pieces shared by the examples: the toy embedding as a `BaseEmbedding`, and an index of text and image nodes. */
import { MockLLM } from "@llamaindex/core/llms/mock";
import {
  BaseEmbedding,
  ImageNode,
  ModalityType,
  Settings,
  SimpleVectorStore,
  storageContextFromDefaults,
  TextNode,
  VectorStoreIndex,
} from "llamaindex";
import type { CorpusItem } from "./corpus.js";
import { toyEmbed } from "./toy-embedding.js";

export class ToyEmbedding extends BaseEmbedding {
  // biome-ignore lint/complexity/noUselessConstructor: BaseEmbedding's constructor is protected; this makes `new ToyEmbedding()` public.
  constructor() {
    super();
  }
  async getTextEmbedding(text: string): Promise<number[]> {
    return toyEmbed(text);
  }
}

/** LlamaIndex needs an embedding model to index and an LLM to build a query engine (docs/frameworks.md S4); both are offline toys. */
export function useToySettings(
  responseMessage = "(MockLLM: a real LLM would answer here from the reranked context.)",
): void {
  Settings.embedModel = new ToyEmbedding();
  Settings.llm = new MockLLM({ responseMessage, timeBetweenToken: 0 });
}

/**
 * A corpus item as a node. A picture becomes an `ImageNode` whose id is its absolute path: after retrieval,
 * LlamaIndex 0.12 replaces `node.image` with `file://<id>` (VectorIndexRetriever), so the reranker reads the file,
 * which it does only inside `allowedLocalRoots`. Videos have no LlamaIndex node type and are left out.
 */
export function toNode(item: CorpusItem): TextNode | ImageNode | undefined {
  // The ids are bookkeeping: keep them out of what is embedded and shown to the LLM.
  const common = {
    text: item.text,
    metadata: { id: item.id, kind: item.kind },
    excludedEmbedMetadataKeys: ["id", "kind"],
    excludedLlmMetadataKeys: ["id", "kind"],
  };
  if (item.kind === "image" && item.imagePath)
    return new ImageNode({ id_: item.imagePath, image: item.imagePath, ...common });
  if (item.kind === "text") return new TextNode({ id_: item.id, ...common });
  return undefined;
}

/** A vector index with a text store and an image store; `useToySettings()` first. */
export async function createCorpusIndex(items: readonly CorpusItem[]): Promise<VectorStoreIndex> {
  const nodes = items.map(toNode).filter((node) => node !== undefined);
  const storageContext = await storageContextFromDefaults({
    vectorStores: { [ModalityType.TEXT]: new SimpleVectorStore(), [ModalityType.IMAGE]: new SimpleVectorStore() },
  });
  return VectorStoreIndex.init({ nodes, storageContext });
}

/** The corpus id of a retrieved node. */
export const nodeId = (node: { metadata: Record<string, unknown> }): string => String(node.metadata.id);
