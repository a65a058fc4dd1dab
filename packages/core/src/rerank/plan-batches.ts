import type { Modality, ResolvedDocument } from "../spec/rerank-document.js";
import type { RerankModelLimits } from "../spec/rerank-model.js";

const modalities = ["text", "image", "video"] as const;

/**
 * Splits documents into as few requests as the model's limits allow, spreading each modality evenly so the batches
 * finish together. Returns positions into `documents`, in their original order within each batch. When everything
 * fits, the result is one batch with every document: a mixed request stays one request.
 */
export function planBatches(
  documents: readonly ResolvedDocument[],
  sizes: { tokens: readonly number[]; bytes: readonly number[]; queryTokens: number; queryBytes: number },
  limits: RerankModelLimits,
): number[][] {
  if (documents.length === 0) return [];
  const { tokens, bytes, queryTokens, queryBytes } = sizes;
  const perDocument = Math.min(queryTokens, limits.maxTokensPerItem);
  const budget = { documents, tokens, bytes, perDocument, queryBytes, limits };
  const all = documents.map((_, index) => index);
  // One batch is the lower bound only when every document, token and modality fits in one request.
  const fewest = fewestBatches(budget);
  if (fewest === 1) return [all];
  const byModality: Record<Modality, number[]> = { text: [], image: [], video: [] };
  for (const index of all)
    for (const kind of modalities) if (documents[index]![kind] !== undefined) byModality[kind].push(index);
  for (let count = Math.max(2, fewest); count <= documents.length; count++) {
    const batches = spread(documents.length, count, byModality);
    if (batches.every((batch) => withinLimits(batch, budget))) return batches.filter((batch) => batch.length > 0);
  }
  return all.map((index) => [index]);
}

interface Budget {
  documents: readonly ResolvedDocument[];
  tokens: readonly number[];
  bytes: readonly number[];
  /** What the query adds to each document it is paired with. */
  perDocument: number;
  /** What the query adds to each request's body. */
  queryBytes: number;
  limits: RerankModelLimits;
}

/** The lower bound every limit sets on the number of requests. */
function fewestBatches({ documents, tokens, bytes, perDocument, queryBytes, limits }: Budget): number {
  const counts = countModalities(documents, documents.keys());
  let totalTokens = 0;
  for (const value of tokens) totalTokens += value + perDocument;
  let totalBytes = 0;
  for (const value of bytes) totalBytes += value;
  const maxBytes = limits.maxRequestBytes ?? Number.POSITIVE_INFINITY;
  const perModality = modalities.map((kind) => Math.ceil(counts[kind] / Math.max(1, limits.maxDocumentsPerCall[kind])));
  return Math.max(
    1,
    Math.ceil(documents.length / limits.maxTotalDocumentsPerCall),
    Math.ceil(totalTokens / limits.maxTokensPerCall),
    Math.ceil(totalBytes / Math.max(1, maxBytes - queryBytes)),
    ...perModality,
  );
}

function countModalities(documents: readonly ResolvedDocument[], indices: Iterable<number>): Record<Modality, number> {
  const counts: Record<Modality, number> = { text: 0, image: 0, video: 0 };
  for (const index of indices) {
    const document = documents[index]!;
    if (document.text !== undefined) counts.text++;
    if (document.image !== undefined) counts.image++;
    if (document.video !== undefined) counts.video++;
  }
  return counts;
}

function spread(total: number, count: number, byModality: Record<Modality, number[]>): number[][] {
  const owner = new Int32Array(total).fill(-1);
  // Each modality in turn is dealt out in contiguous, even runs; a multimodal document keeps its first owner.
  for (const kind of ["video", "image", "text"] as const) {
    const pending = byModality[kind].filter((index) => owner[index] === -1);
    pending.forEach((index, position) => {
      owner[index] = Math.floor((position * count) / pending.length);
    });
  }
  const batches: number[][] = Array.from({ length: count }, () => []);
  for (let index = 0; index < total; index++) batches[owner[index]!]!.push(index);
  return batches;
}

function withinLimits(batch: readonly number[], budget: Budget): boolean {
  const { documents, tokens, bytes, perDocument, queryBytes, limits } = budget;
  if (batch.length > limits.maxTotalDocumentsPerCall) return false;
  let sum = 0;
  let size = queryBytes;
  for (const index of batch) {
    sum += tokens[index]! + perDocument;
    size += bytes[index]!;
  }
  const counts = countModalities(documents, batch);
  const fitsBytes = size <= (limits.maxRequestBytes ?? Number.POSITIVE_INFINITY);
  return (
    sum <= limits.maxTokensPerCall &&
    fitsBytes &&
    modalities.every((kind) => counts[kind] <= limits.maxDocumentsPerCall[kind])
  );
}
