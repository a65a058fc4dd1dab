import { inputTokens, tokenTotal } from "./input-tokens.js";
import { scorerInput } from "./lexical-score.js";
import type { ScorerInput } from "./scorer.js";
import { type TruncationSide, truncateText } from "./truncate-text.js";

/**
 * `input` cut to at most `maxTokens` by the server's estimate. Only its text is cut, since an image cannot be
 * cut in part; the result is `input` itself when it already fits.
 */
export function cutInput(
  input: ScorerInput,
  maxTokens: number,
  captions: Readonly<Record<string, string>>,
  side: TruncationSide = "right",
): ScorerInput {
  const tokens = inputTokens(input);
  if (tokenTotal(tokens) <= maxTokens || input.text === undefined) return input;
  const text = truncateText(input.text, Math.max(0, maxTokens - tokens.image), side);
  return scorerInput({ texts: text === "" ? [] : [text], images: input.images, videos: input.videos }, captions);
}
