import type { BaseNode } from "@llamaindex/core/schema";
import { isImageNode } from "./to-rerank-document.js";

/** Python LlamaIndex's key (`keep_retrieval_score`), so code and dashboards work across both. */
export const retrievalScoreKey = "retrieval_score";

/**
 * A copy of `node` whose metadata also holds the retriever's score. The caller's node is never touched, so a node
 * reranked twice (or shared by two queries) keeps its own metadata.
 */
export function withRetrievalScore(node: BaseNode, score: number | undefined): BaseNode {
  const copy = copyNode(node);
  if (score === undefined) return copy;
  copy.metadata = { ...copy.metadata, [retrievalScoreKey]: score };
  // The score is bookkeeping, not content: keep it out of the text embedded and shown to the LLM.
  copy.excludedLlmMetadataKeys = addKey(copy.excludedLlmMetadataKeys);
  copy.excludedEmbedMetadataKeys = addKey(copy.excludedEmbedMetadataKeys);
  return copy;
}

function copyNode(node: BaseNode): BaseNode {
  try {
    const copy = node.clone();
    // structuredClone turns a URL image into `{}` (or throws, depending on the node): give the copy the real image.
    if (isImageNode(node) && isImageNode(copy) && typeof node.image !== "string") copy.image = node.image;
    return copy;
  } catch {
    // clone() goes through structuredClone, which fails on a URL image or a function in metadata. Rebuild through
    // the node's own constructor instead: a shallow copy, with the containers we write to copied.
    const Node = node.constructor as new (init: Record<string, unknown>) => BaseNode;
    return new Node({
      ...node.toJSON(),
      metadata: { ...node.metadata },
      excludedLlmMetadataKeys: [...node.excludedLlmMetadataKeys],
      excludedEmbedMetadataKeys: [...node.excludedEmbedMetadataKeys],
      relationships: { ...node.relationships },
    });
  }
}

function addKey(keys: readonly string[] | undefined): string[] {
  return keys?.includes(retrievalScoreKey) ? [...keys] : [...(keys ?? []), retrievalScoreKey];
}
