import { quarterTokens } from "./estimate-text-tokens.js";

/** Which end of a text survives a cut: `"right"` keeps the start (cuts the end), `"left"` keeps the end. */
export type TruncationSide = "left" | "right";

// A cut never splits a surrogate pair: a lone half would make the kept text invalid UTF-16.
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The longest start (side "right") or end (side "left") of `text` whose `estimateTextTokens` is at most
 * `maxTokens`: how the server truncates an over-long item.
 */
export function truncateText(text: string, maxTokens: number, side: TruncationSide = "right"): string {
  const budget = Math.max(0, Math.floor(maxTokens)) * 4;
  let quarters = 0;
  if (side === "right") {
    let end = 0;
    while (end < text.length) {
      const weight = quarterTokens(text.charCodeAt(end));
      if (quarters + weight > budget) break;
      quarters += weight;
      end += isLowSurrogate(text.charCodeAt(end + 1)) ? 2 : 1;
    }
    return text.slice(0, end);
  }
  let start = text.length;
  while (start > 0) {
    const step = isLowSurrogate(text.charCodeAt(start - 1)) && start >= 2 ? 2 : 1;
    const weight = quarterTokens(text.charCodeAt(start - step));
    if (quarters + weight > budget) break;
    quarters += weight;
    start -= step;
  }
  return text.slice(start);
}
