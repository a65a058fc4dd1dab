/** What the server accepts for one model on the DashScope routes. */
export interface ModelLimits {
  /**
   * `"text"`: query and documents must be plain strings.
   * `"multimodal"`: documents may also be `{text?, image?, video?}` objects and the query `{text}` / `{image}`.
   * Multimodal models answer `usage` split into `image_tokens` and `input_tokens`, and the compatible route
   * refuses them.
   * @default "text"
   */
  kind: "text" | "multimodal";
  /** Most text documents per request. @default 500 */
  text: number;
  /** Most image documents per request. @default 0 */
  image: number;
  /** Most video documents per request. @default 0 */
  video: number;
  /**
   * Most tokens in one query or document, by the server's estimate (`estimateTextTokens`, `estimateImageTokens`).
   * Over it, 400 `InvalidParameter`, or a silent cut with `overlongItems: "truncate"`.
   * See https://www.alibabacloud.com/help/en/model-studio/text-rerank-api.
   * @default 4000
   */
  itemTokens: number;
  /**
   * Most characters (code points) in one document, refused with 400 whatever `overlongItems` says; undefined for
   * no such limit. gte-rerank-v2 has 300,000 (https://github.com/apecloud/ApeRAG/issues/1071).
   * @default undefined
   */
  itemCharacters?: number | undefined;
}

// docs/dashscope-api.md §2.4 (kinds), §2.2 (caps, per-item tokens) and §10.2 (qwen3.7-text-rerank's 30,000 per
// item, gte-rerank-v2's 300,000 characters). qwen3.7-text-rerank's document cap is [?] there; 500 follows the
// other text models.
const builtInLimits: Readonly<Record<string, ModelLimits>> = {
  "qwen3-vl-rerank": { kind: "multimodal", text: 100, image: 40, video: 4, itemTokens: 8000 },
  "qwen3-rerank": { kind: "text", text: 500, image: 0, video: 0, itemTokens: 4000 },
  "gte-rerank-v2": { kind: "text", text: 500, image: 0, video: 0, itemTokens: 4000, itemCharacters: 300_000 },
  "qwen3.7-text-rerank": { kind: "text", text: 500, image: 0, video: 0, itemTokens: 30_000 },
};

const fallback: ModelLimits = { kind: "text", text: 500, image: 0, video: 0, itemTokens: 4000 };

/**
 * The model table the server enforces: the documented models plus `overrides`, where an override for a new
 * model id makes that model known (unknown models get 404 `ModelNotFound`).
 */
export function resolveModelLimits(
  overrides: Readonly<Record<string, Partial<ModelLimits>>> = {},
): ReadonlyMap<string, ModelLimits> {
  const table = new Map<string, ModelLimits>(Object.entries(builtInLimits));
  for (const [model, override] of Object.entries(overrides)) {
    table.set(model, { ...(table.get(model) ?? fallback), ...override });
  }
  return table;
}
