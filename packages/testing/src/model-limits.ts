/** What the server accepts for one model on the native endpoint. */
export interface ModelLimits {
  /**
   * `"text"`: query and documents must be plain strings.
   * `"multimodal"`: documents may also be `{text?, image?, video?}` objects and the query `{text}` / `{image}`.
   * @default "text"
   */
  kind: "text" | "multimodal";
  /** Most text documents per request. @default 500 */
  text: number;
  /** Most image documents per request. @default 0 */
  image: number;
  /** Most video documents per request. @default 0 */
  video: number;
}

// docs/dashscope-api.md §2.4 (kinds) and §2.2 (caps). qwen3.7-text-rerank's cap is [?] there; 500 follows
// the other text models.
const builtInLimits: Readonly<Record<string, ModelLimits>> = {
  "qwen3-vl-rerank": { kind: "multimodal", text: 100, image: 40, video: 4 },
  "qwen3-rerank": { kind: "text", text: 500, image: 0, video: 0 },
  "gte-rerank-v2": { kind: "text", text: 500, image: 0, video: 0 },
  "qwen3.7-text-rerank": { kind: "text", text: 500, image: 0, video: 0 },
};

const fallback: ModelLimits = { kind: "text", text: 500, image: 0, video: 0 };

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
