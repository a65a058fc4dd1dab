import { ApiError } from "./api-error.js";
import { cutInput } from "./cut-input.js";
import type { RankDocument } from "./dialect.js";
import { inputTokens, tokenTotal } from "./input-tokens.js";
import type { ScorerInput } from "./scorer.js";
import type { ResolvedVllmOptions } from "./vllm-options.js";
import type { VllmTruncation } from "./vllm-truncation.js";

type Captions = Readonly<Record<string, string>>;
const tokensOf = (input: ScorerInput): number => tokenTotal(inputTokens(input));

// vLLM's multimodal processor counts media per prompt, and a rerank prompt is one query–document pair
// (docs/dashscope-api.md §10.6).
function checkMedia(query: ScorerInput, document: ScorerInput, { limitMediaPerPrompt }: ResolvedVllmOptions): void {
  for (const modality of ["image", "video"] as const) {
    const count =
      modality === "image"
        ? query.images.length + document.images.length
        : query.videos.length + document.videos.length;
    const limit = limitMediaPerPrompt[modality];
    if (count > limit) {
      const message =
        `At most ${limit} ${modality}(s) may be provided in one prompt. ` +
        "Set `--limit-mm-per-prompt` to increase this limit.";
      throw new ApiError(400, "InvalidParameter", message);
    }
  }
}

// vllm/renderers/params.py: the prompt is tokenized up to one token past the limit, hence "at least N + 1".
function contextLengthError(maxModelLength: number): ApiError {
  const seen = maxModelLength + 1;
  const message =
    `This model's maximum context length is ${maxModelLength} tokens. However, you requested 0 output tokens and ` +
    `your prompt contains at least ${seen} input tokens, for a total of at least ${seen} tokens. Please reduce the ` +
    `length of the input prompt or the number of requested output tokens. (parameter=input_tokens, value=${seen})`;
  return new ApiError(400, "InvalidParameter", message, { param: "input_tokens" });
}

// The rendered prompt stands in as the query followed by the document: "right" keeps its start (the query, then
// the document's start), "left" keeps its end (the document's end, then as much of the query's end as fits).
function cutPair(
  query: ScorerInput,
  document: ScorerInput,
  budget: number,
  side: "left" | "right",
  captions: Captions,
) {
  if (side === "right") {
    const keptQuery = cutInput(query, budget, captions);
    return { query: keptQuery, document: cutInput(document, budget - tokensOf(keptQuery), captions) };
  }
  const keptDocument = cutInput(document, budget, captions, "left");
  return { query: cutInput(query, budget - tokensOf(keptDocument), captions, "left"), document: keptDocument };
}

/**
 * Applies a vLLM request's truncation to each query–document pair, then vLLM's media and context limits.
 * Returns the documents as scored (with a pair's own query where truncation cut it) and what was cut.
 */
export function fitVllmPairs(
  query: ScorerInput,
  documents: readonly RankDocument[],
  truncation: VllmTruncation,
  options: ResolvedVllmOptions,
  captions: Captions,
): { query: ScorerInput; documents: RankDocument[]; truncated: Array<number | "query"> } {
  const truncated = new Set<number | "query">();
  const sharedQuery =
    truncation.maxTokensPerQuery > 0 ? cutInput(query, truncation.maxTokensPerQuery, captions) : query;
  if (sharedQuery !== query) truncated.add("query");
  const fitted = documents.map((document, index): RankDocument => {
    let input = document.input as ScorerInput;
    if (truncation.maxTokensPerDoc > 0) input = cutInput(input, truncation.maxTokensPerDoc, captions);
    checkMedia(sharedQuery, input, options);
    let pairQuery = sharedQuery;
    if (truncation.promptTokens !== undefined) {
      ({ query: pairQuery, document: input } = cutPair(
        sharedQuery,
        input,
        truncation.promptTokens,
        truncation.side,
        captions,
      ));
    }
    if (tokensOf(pairQuery) + tokensOf(input) > options.maxModelLength)
      throw contextLengthError(options.maxModelLength);
    if (input !== document.input) truncated.add(index);
    if (pairQuery !== sharedQuery) truncated.add("query");
    return { ...document, input, ...(pairQuery === sharedQuery ? {} : { query: pairQuery }) };
  });
  return { query: sharedQuery, documents: fitted, truncated: [...truncated] };
}
