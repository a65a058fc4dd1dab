/** How the vLLM route (`/v1/rerank`, `/rerank`) behaves: which release, and the server flags it mirrors. */
export interface VllmOptions {
  /**
   * The vLLM release whose request schema is reproduced. `"0.16"`: `documents` is a string, a `{content}` object,
   * or a list of both (https://github.com/vllm-project/vllm/pull/33060). `"0.15"`: `documents` is a list of
   * strings or one `{content}` object, and a list holding a `{content}` document is a 400
   * (https://github.com/vllm-project/vllm/issues/32464).
   * @default "0.16"
   */
  version?: "0.16" | "0.15";
  /**
   * vLLM's `--max-model-len`: the most tokens one query–document pair may have, by the server's token estimate.
   * A longer pair is a 400 "This model's maximum context length is N tokens…" unless the request truncates
   * (`max_tokens_per_doc`, `max_tokens_per_query`, `truncate_prompt_tokens`).
   * @default 32768
   */
  maxModelLength?: number;
  /**
   * vLLM's `--limit-mm-per-prompt`: the most images and videos in one query–document pair (the query's media
   * count in every pair). Over it, vLLM's 400 "At most N image(s) may be provided in one prompt."
   * @default {} (no limit)
   */
  limitMediaPerPrompt?: { image?: number; video?: number };
}

/** The vLLM options with every default filled in. */
export interface ResolvedVllmOptions {
  version: "0.16" | "0.15";
  maxModelLength: number;
  limitMediaPerPrompt: { image: number; video: number };
}

export function resolveVllmOptions(options: VllmOptions = {}): ResolvedVllmOptions {
  return {
    version: options.version ?? "0.16",
    maxModelLength: options.maxModelLength ?? 32_768,
    limitMediaPerPrompt: {
      image: options.limitMediaPerPrompt?.image ?? Number.POSITIVE_INFINITY,
      video: options.limitMediaPerPrompt?.video ?? Number.POSITIVE_INFINITY,
    },
  };
}
