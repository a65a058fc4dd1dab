import { ApiError, invalidParameter } from "./api-error.js";
import type { TruncationSide } from "./truncate-text.js";

/** The truncation a vLLM rerank request asks for; 0 and undefined mean none. */
export interface VllmTruncation {
  maxTokensPerDoc: number;
  maxTokensPerQuery: number;
  /** `truncate_prompt_tokens`, with -1 already read as `--max-model-len`. */
  promptTokens: number | undefined;
  side: TruncationSide;
}

// https://github.com/vllm-project/vllm/pull/38827: 0 (the default) means no truncation; the wording of the refusal
// of a value at or over the context length is a guess.
function perItemLimit(value: unknown, field: string, maxModelLength: number): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw invalidParameter(`${field} must be a non-negative integer`);
  }
  if (value >= maxModelLength) {
    throw new ApiError(
      400,
      "InvalidParameter",
      `${field}=${value} must be less than max_model_len=${maxModelLength}.`,
      {
        param: field,
      },
    );
  }
  return value;
}

// vllm/renderers/params.py (TokenizeParams): -1 stands for the context length, larger values are refused.
function promptTokens(value: unknown, maxModelLength: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < -1) {
    throw invalidParameter("truncate_prompt_tokens must be an integer >= -1");
  }
  if (value > maxModelLength) {
    const message =
      `truncate_prompt_tokens=${value} cannot be greater than max_model_len - max_output_tokens = ` +
      `${maxModelLength}. Please request a smaller truncation size.`;
    throw new ApiError(400, "InvalidParameter", message, { param: "truncate_prompt_tokens" });
  }
  return value === -1 ? maxModelLength : value;
}

// docs/dashscope-api.md §10.6
/** Reads `max_tokens_per_doc`, `max_tokens_per_query`, `truncate_prompt_tokens` and `truncation_side`. */
export function readVllmTruncation(request: Record<string, unknown>, maxModelLength: number): VllmTruncation {
  const side = request.truncation_side ?? "right";
  if (side !== "left" && side !== "right") throw invalidParameter("truncation_side must be 'left' or 'right'");
  return {
    maxTokensPerDoc: perItemLimit(request.max_tokens_per_doc, "max_tokens_per_doc", maxModelLength),
    maxTokensPerQuery: perItemLimit(request.max_tokens_per_query, "max_tokens_per_query", maxModelLength),
    promptTokens: promptTokens(request.truncate_prompt_tokens, maxModelLength),
    side,
  };
}
