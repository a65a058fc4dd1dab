import type { RankRequest } from "./dialect.js";
import { estimateImageTokens, videoTokens } from "./estimate-image-tokens.js";
import { estimateTextTokens } from "./estimate-text-tokens.js";
import type { ScorerInput } from "./scorer.js";

/** A token count split the way DashScope bills qwen3-vl-rerank: text, and images with videos. */
import type { TokenCount } from "./token-count.js";

export type { TokenCount };

/** The stand-in tokens of one query or document. */
export function inputTokens(input: ScorerInput): TokenCount {
  let image = videoTokens * input.videos.length;
  for (const reference of input.images) image += estimateImageTokens(reference);
  return { text: input.text === undefined ? 0 : estimateTextTokens(input.text), image };
}

/** Both parts together. */
export const tokenTotal = ({ text, image }: TokenCount): number => text + image;

// docs/dashscope-api.md §2.2: "query tokens × number of documents + total document tokens", counted per pair so
// that a query truncated for one pair only (vLLM's truncate_prompt_tokens) counts as sent.
/**
 * The request's tokens by DashScope's rerank formula. In bench mode, where nothing is parsed, one token per
 * document.
 */
export function requestTokens(request: RankRequest): TokenCount {
  if (request.query === undefined) return { text: request.documents.length, image: 0 };
  const shared = inputTokens(request.query);
  const total: TokenCount = { text: 0, image: 0 };
  for (const document of request.documents) {
    const query = document.query === undefined ? shared : inputTokens(document.query);
    const own = document.input === undefined ? { text: 0, image: 0 } : inputTokens(document.input);
    total.text += query.text + own.text;
    total.image += query.image + own.image;
  }
  return total;
}
