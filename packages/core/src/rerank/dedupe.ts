import type { ResolvedDocument } from "../spec/rerank-document.js";

export interface Deduped {
  /** What is sent: the scorable documents, each once, in the caller's order of their first copy. */
  unique: readonly ResolvedDocument[];
  /** For each unique document, the caller's indices it stands for: its first copy, then any further copies. */
  owners: readonly (readonly number[])[];
}

/**
 * Leaves out the documents listed in `skip` and, with `merge`, sends identical documents once. Equal documents are
 * found by sorting rather than hashing: a comparison stops at the first differing character, where a hash reads every
 * character of every text and every multi-MB data URI.
 */
export function dedupe(documents: readonly ResolvedDocument[], skip: readonly number[], merge: boolean): Deduped {
  const skipped = new Set(skip);
  const kept: number[] = [];
  for (let index = 0; index < documents.length; index++) if (!skipped.has(index)) kept.push(index);
  const leader = merge && kept.length > 1 ? firstCopies(documents, kept) : undefined;
  const unique: ResolvedDocument[] = [];
  const owners: number[][] = [];
  // The position in `unique` of each first copy, by caller index.
  const positionOf = new Int32Array(documents.length);
  for (const index of kept) {
    const first = leader ? leader[index]! : index;
    if (first !== index) {
      owners[positionOf[first]!]!.push(index);
      continue;
    }
    positionOf[index] = unique.length;
    unique.push(documents[index]!);
    owners.push([index]);
  }
  return { unique, owners };
}

/** For each caller index, the index of the first document equal to it (itself when it is the first). */
function firstCopies(documents: readonly ResolvedDocument[], indices: readonly number[]): Int32Array {
  const compare = (a: number, b: number) => compareDocuments(documents[a]!, documents[b]!);
  // A stable sort of ascending indices keeps each group's first copy first.
  const sorted = indices.slice().sort(compare);
  const leader = new Int32Array(documents.length);
  for (let i = 0, first = sorted[0]!; i < sorted.length; i++) {
    const index = sorted[i]!;
    if (i > 0 && compare(first, index) !== 0) first = index;
    leader[index] = first;
  }
  return leader;
}

/** Image, then video, then text: media first, because two documents with different media never compare their texts. */
function compareDocuments(a: ResolvedDocument, b: ResolvedDocument): number {
  return compareField(a.image, b.image) || compareField(a.video, b.video) || compareField(a.text, b.text);
}

function compareField(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  // Lengths first: unequal lengths decide without reading a character.
  return a.length - b.length || (a < b ? -1 : a === b ? 0 : 1);
}
