import type { Modality, ResolvedDocument } from "../documents/rerank-document.js";
import type { RerankModelLimits } from "./rerank-model.js";

// Image and video token counts are not published for the hosted model (dashscope-api.md §9); these are
// conservative stand-ins: an image at the open model's 1,843,200-pixel cap is 1,800 tokens (§7.1), and a video
// may use a whole item's budget.
const imageTokens = 2_000;

/** A conservative token estimate: about 3 characters a token for ASCII, 1 for everything else (CJK). */
export function estimateTextTokens(text: string): number {
  let ascii = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 128) ascii++;
  return Math.ceil(ascii / 3) + (text.length - ascii) + 1;
}

export function modalitiesOf(document: ResolvedDocument): Modality[] {
  const kinds: Modality[] = [];
  if (document.text !== undefined) kinds.push("text");
  if (document.image !== undefined) kinds.push("image");
  if (document.video !== undefined) kinds.push("video");
  return kinds;
}

export function estimateDocumentTokens(document: ResolvedDocument, limits: RerankModelLimits): number {
  let tokens = document.text === undefined ? 0 : estimateTextTokens(document.text);
  if (document.image !== undefined) tokens += imageTokens;
  if (document.video !== undefined) tokens += limits.maxTokensPerItem;
  return Math.min(tokens, limits.maxTokensPerItem);
}

/**
 * Splits documents into as few requests as the model's limits allow, spreading each modality evenly so the
 * batches finish together. Returns positions into `documents`, in their original order within each batch.
 * When everything fits, the result is one batch with every document: a mixed request stays one request.
 */
export function planBatches(documents: readonly ResolvedDocument[], queryTokens: number, limits: RerankModelLimits): number[][] {
  if (documents.length === 0) return [];
  if (fitsInOneRequest(documents, queryTokens, limits)) return [documents.map((_, index) => index)];
  const tokens = documents.map((document) => estimateDocumentTokens(document, limits));
  const byModality: Record<Modality, number[]> = { text: [], image: [], video: [] };
  documents.forEach((document, index) => {
    for (const kind of modalitiesOf(document)) byModality[kind].push(index);
  });
  const perDocument = Math.min(queryTokens, limits.maxTokensPerItem);
  const totalTokens = tokens.reduce((sum, value) => sum + value + perDocument, 0);
  let count = Math.max(
    1,
    Math.ceil(documents.length / limits.maxTotalDocumentsPerCall),
    Math.ceil(totalTokens / limits.maxTokensPerCall),
    ...(["text", "image", "video"] as const).map((kind) =>
      byModality[kind].length === 0 ? 1 : Math.ceil(byModality[kind].length / Math.max(1, limits.maxDocumentsPerCall[kind])),
    ),
  );
  for (; count <= documents.length; count++) {
    const batches = spread(documents.length, count, byModality);
    const fits = batches.every((batch) => withinLimits(batch, documents, tokens, perDocument, limits));
    if (fits) return batches.filter((batch) => batch.length > 0);
  }
  return documents.map((_, index) => [index]);
}

/**
 * Whether everything fits one request, from an upper bound that costs no per-character pass: a text's estimate
 * never exceeds `text.length + 1` (see estimateTextTokens), and no item counts for more than `maxTokensPerItem`.
 */
function fitsInOneRequest(documents: readonly ResolvedDocument[], queryTokens: number, limits: RerankModelLimits): boolean {
  if (documents.length > limits.maxTotalDocumentsPerCall) return false;
  const perDocument = Math.min(queryTokens, limits.maxTokensPerItem);
  let text = 0;
  let image = 0;
  let video = 0;
  let bound = 0;
  for (const document of documents) {
    let tokens = 0;
    if (document.text !== undefined) {
      text++;
      tokens += document.text.length + 1;
    }
    if (document.image !== undefined) {
      image++;
      tokens += imageTokens;
    }
    if (document.video !== undefined) {
      video++;
      tokens += limits.maxTokensPerItem;
    }
    bound += Math.min(tokens, limits.maxTokensPerItem) + perDocument;
  }
  return (
    bound <= limits.maxTokensPerCall &&
    text <= limits.maxDocumentsPerCall.text &&
    image <= limits.maxDocumentsPerCall.image &&
    video <= limits.maxDocumentsPerCall.video
  );
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

function withinLimits(batch: number[], documents: readonly ResolvedDocument[], tokens: number[], perDocument: number, limits: RerankModelLimits): boolean {
  if (batch.length > limits.maxTotalDocumentsPerCall) return false;
  const counts: Record<Modality, number> = { text: 0, image: 0, video: 0 };
  let sum = 0;
  for (const index of batch) {
    sum += tokens[index]! + perDocument;
    for (const kind of modalitiesOf(documents[index]!)) counts[kind]++;
  }
  return (
    sum <= limits.maxTokensPerCall &&
    counts.text <= limits.maxDocumentsPerCall.text &&
    counts.image <= limits.maxDocumentsPerCall.image &&
    counts.video <= limits.maxDocumentsPerCall.video
  );
}
