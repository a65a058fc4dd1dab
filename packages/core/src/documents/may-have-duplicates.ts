/**
 * Whether any two of `texts` may be equal, found without hashing them. `false` is certain; `true` means two are
 * equal, or that too many share a fingerprint to tell cheaply, and the caller then de-duplicates exactly.
 *
 * Why not a Set: V8 hashes every character of a string the first time it is a Set or Map key (and caches the hash
 * on the string). A retriever hands over new strings on every call, so a Set of 100 texts of 300 characters cost
 * about 40 µs a call, more than the rest of rerank()'s own work (`pnpm bench`). Here each text costs its length and
 * a few sampled characters, in an open-addressing table of integers: no allocation per text, and no string is
 * compared unless its fingerprint matches another's.
 */
export function mayHaveDuplicates(texts: readonly string[]): boolean {
  if (texts.length < 2) return false;
  // A power of two at least twice the count, so probe runs stay short.
  const size = 2 ** Math.ceil(Math.log2(texts.length * 2));
  const mask = size - 1;
  const slots = new Int32Array(size); // 0: empty, else 1 + the index of the text there
  const prints = new Int32Array(size);
  // Comparisons of different texts that share a fingerprint: past a few per text, an exact check is cheaper.
  let budget = 4 * texts.length + 16;
  for (let index = 0; index < texts.length; index++) {
    const text = texts[index]!;
    const print = fingerprint(text);
    let slot = print & mask;
    for (let occupant = slots[slot]!; occupant !== 0; occupant = slots[slot]!) {
      if (prints[slot] === print) {
        if (texts[occupant - 1] === text) return true;
        if (--budget < 0) return true;
      }
      slot = (slot + 1) & mask;
    }
    slots[slot] = index + 1;
    prints[slot] = print;
  }
  return false;
}

/**
 * FNV-1a over the length, the first 16 characters (where titles and ids usually sit) and 8 more spread evenly to
 * the last. Texts that differ only elsewhere share a fingerprint and cost one comparison each, which stops at their
 * first difference.
 */
function fingerprint(text: string): number {
  let hash = Math.imul(2166136261 ^ text.length, 16777619);
  const head = Math.min(16, text.length);
  for (let position = 0; position < head; position++) hash = Math.imul(hash ^ text.charCodeAt(position), 16777619);
  const last = text.length - 1;
  if (last < 16) return hash | 0;
  for (let sample = 1; sample <= 8; sample++) hash = Math.imul(hash ^ text.charCodeAt(((sample * last) / 8) | 0), 16777619);
  return hash | 0;
}
