import type { ParseContext, RankRequest } from "./dialect.js";
import { type TokenCount, tokenTotal } from "./input-tokens.js";

// docs/dashscope-api.md §10.4: 261 total for 237 prompt tokens; eight tokens of overhead per document is a guess
// that gives 24 for three documents.
const overheadPerDocument = 8;

// docs/dashscope-api.md §3.1, §10.4
/**
 * The `usage` of a DashScope answer: split into image and text tokens for a multimodal model, prompt and total
 * tokens for qwen3.7-text-rerank, the total alone otherwise (and for every model with `usageFields: "total-only"`).
 */
export function dashScopeUsage(tokens: TokenCount, request: RankRequest, context: ParseContext): unknown {
  const total = tokenTotal(tokens);
  if (context.usageFields === "total-only" || request.model === undefined) return { total_tokens: total };
  if (context.limits.get(request.model)?.kind === "multimodal") {
    return { image_tokens: tokens.image, input_tokens: tokens.text, total_tokens: total };
  }
  if (request.model === "qwen3.7-text-rerank") {
    return { prompt_tokens: total, total_tokens: total + overheadPerDocument * request.documents.length };
  }
  return { total_tokens: total };
}
