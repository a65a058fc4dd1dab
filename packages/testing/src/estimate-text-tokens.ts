// Han, kana, Hangul and the CJK punctuation and full-width blocks: one token per character, as real tokenizers
// mostly give them.
function isWideCodeUnit(code: number): boolean {
  return (
    (code >= 0x2e80 && code <= 0x9fff) || // CJK radicals, punctuation, kana, Han (ext. A and unified)
    (code >= 0xac00 && code <= 0xd7af) || // Hangul syllables
    (code >= 0xf900 && code <= 0xfaff) || // CJK compatibility ideographs
    (code >= 0xff00 && code <= 0xffef) // half- and full-width forms
  );
}

/**
 * The weight of one UTF-16 code unit in quarter tokens: ASCII 1 (four characters a token), a wide (CJK)
 * character 4, another non-ASCII character 2, a surrogate pair 4 in all (emoji and rare Han count one token).
 */
export function quarterTokens(code: number): number {
  if (code < 0x80) return 1;
  if (code >= 0xdc00 && code <= 0xdfff) return 0; // the low half of a pair: its high half counted the pair
  if ((code >= 0xd800 && code <= 0xdbff) || isWideCodeUnit(code)) return 4;
  return 2;
}

/**
 * The server's stand-in token count for a text (not a real tokenizer): about four ASCII characters a token, one
 * token per CJK character or surrogate pair, two other non-ASCII characters a token, rounded up. It never exceeds
 * a conservative client estimate of one token per three ASCII characters plus one per non-ASCII character, so a
 * client that truncates by that estimate always passes this server's per-item limits.
 *
 * @example
 * estimateTextTokens("red running shoe"); // 4
 * estimateTextTokens("重排序模型"); // 5
 */
export function estimateTextTokens(text: string): number {
  let quarters = 0;
  for (let index = 0; index < text.length; index++) quarters += quarterTokens(text.charCodeAt(index));
  return Math.ceil(quarters / 4);
}
