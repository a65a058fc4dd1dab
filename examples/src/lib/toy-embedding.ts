/**
 * A deterministic toy embedding: character trigrams of the lower-cased text hashed into 64 dimensions, L2-normalised.
 * It needs no model and no network, and it is deliberately weak (no meaning, many collisions), like a cheap first-stage
 * retriever: good enough to shortlist candidates, not to order them. That is the reranker's job.
 */
export const toyEmbeddingDimensions = 64;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function toyEmbed(text: string): number[] {
  const vector = new Array<number>(toyEmbeddingDimensions).fill(0);
  const padded = ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()} `;
  for (let i = 0; i + 3 <= padded.length; i++) vector[fnv1a(padded.slice(i, i + 3)) % toyEmbeddingDimensions]! += 1;
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * (b[i] ?? 0);
  return dot;
}

/** The `k` items most similar to `query`, best first (ties keep corpus order), with their similarity. */
export function toyRetrieve<T extends { text: string }>(
  query: string,
  items: readonly T[],
  k: number,
): Array<{ item: T; score: number }> {
  const queryVector = toyEmbed(query);
  return items
    .map((item, position) => ({ item, position, score: cosine(queryVector, toyEmbed(item.text)) }))
    .sort((a, b) => b.score - a.score || a.position - b.position)
    .slice(0, k)
    .map(({ item, score }) => ({ item, score }));
}

/**
 * Top `textK` passages and top `mediaK` pictures/videos, each ranked in its own index, interleaved by rank (what
 * LangChain's `EnsembleRetriever` does with equal weights). Similarities of the two indexes do not compare.
 */
export function hybridRetrieve<T extends { text: string; kind: string }>(
  query: string,
  items: readonly T[],
  { textK = 5, mediaK = 3 } = {},
): Array<{ item: T; score: number }> {
  const texts = toyRetrieve(
    query,
    items.filter((item) => item.kind === "text"),
    textK,
  );
  const media = toyRetrieve(
    query,
    items.filter((item) => item.kind !== "text"),
    mediaK,
  );
  const merged: Array<{ item: T; score: number }> = [];
  for (let rank = 0; rank < Math.max(texts.length, media.length); rank++) {
    if (texts[rank]) merged.push(texts[rank]!);
    if (media[rank]) merged.push(media[rank]!);
  }
  return merged;
}
