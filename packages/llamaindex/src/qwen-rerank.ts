import type { MessageContent } from "@llamaindex/core/llms";
import type { BaseNodePostprocessor } from "@llamaindex/core/postprocessor";
import type { MetadataMode, NodeWithScore } from "@llamaindex/core/schema";
import type { RerankCallSettings, RerankModel, RerankQuery } from "@qwen-rerank/core";
import { createDashScope, isServiceFailure, rerank } from "@qwen-rerank/core";
import type { RerankEndEvent, RerankErrorEvent, RerankStartEvent } from "./qwen-rerank-events.js";
import { defaultImageMetadataKeys, type QwenRerankOptions, validateQwenRerankOptions } from "./qwen-rerank-options.js";
import { type ConvertedNode, conversionWarnings, toRerankDocument } from "./to-rerank-document.js";
import { toRerankQuery } from "./to-rerank-query.js";
import { withRetrievalScore } from "./with-retrieval-score.js";

type Hooks = Pick<QwenRerankOptions, "onRerankStart" | "onRerankEnd" | "onRerankError" | "callbackManager">;

/**
 * A LlamaIndex.TS node postprocessor that reranks text and image nodes with Qwen3-VL-Rerank (or any core
 * `RerankModel`). It implements the `BaseNodePostprocessor` interface without importing LlamaIndex at runtime,
 * so it works with whichever copy of `@llamaindex/core` the app loads.
 */
export class QwenRerank implements BaseNodePostprocessor {
  readonly model: RerankModel;
  readonly topN: number;
  readonly scoreThreshold: number | undefined;
  readonly metadataMode: MetadataMode;
  readonly keepRetrievalScore: boolean;
  readonly imageMetadataKeys: readonly string[];
  readonly onError: "throw" | "passthrough";
  // Private fields stay out of JSON.stringify and util.inspect; the API key is not even here (it lives in the provider).
  readonly #callSettings: RerankCallSettings;
  readonly #hooks: Hooks;

  constructor(options: QwenRerankOptions = {}) {
    validateQwenRerankOptions(options);
    const {
      model = "qwen3-vl-rerank",
      apiKey,
      baseURL,
      region,
      workspace,
      dispatcher,
      topN = 3,
      scoreThreshold,
      metadataMode = "NONE",
      keepRetrievalScore = false,
      imageMetadataKeys = defaultImageMetadataKeys,
      onRerankStart,
      onRerankEnd,
      onRerankError,
      callbackManager,
      onError = "throw",
      ...callSettings
    } = options;
    // One provider per instance: its keep-alive agent is shared by every call, and it reads the key lazily.
    this.model =
      typeof model === "string"
        ? createDashScope({
            ...(apiKey === undefined ? {} : { apiKey }),
            ...(baseURL === undefined ? {} : { baseURL }),
            ...(region === undefined ? {} : { region }),
            ...(workspace === undefined ? {} : { workspace }),
            ...(dispatcher === undefined ? {} : { dispatcher }),
          }).rerankModel(model)
        : model;
    this.topN = topN;
    this.scoreThreshold = scoreThreshold;
    this.metadataMode = metadataMode as MetadataMode;
    this.keepRetrievalScore = keepRetrievalScore;
    this.imageMetadataKeys = [...imageMetadataKeys];
    this.onError = onError;
    this.#callSettings = callSettings;
    this.#hooks = { onRerankStart, onRerankEnd, onRerankError, callbackManager };
  }

  /**
   * Reranks `nodes` against `query` and returns new `{ node, score }` objects in rerank order, at most `topN` of
   * them. The input nodes and their scores are never modified.
   */
  async postprocessNodes(nodes: NodeWithScore[], query?: MessageContent): Promise<NodeWithScore[]> {
    if (nodes.length === 0) return [];
    const converted = toRerankQuery(query, { imageQuery: this.model.limits.supports.imageQuery });
    const base = { query: query as MessageContent, nodes, nodeCount: nodes.length, model: this.model.modelId };
    this.#emit("rerank-start", { ...base, topN: this.topN } satisfies RerankStartEvent);
    let end: RerankEndEvent;
    try {
      end = { ...base, ...(await this.#rerank(nodes, converted.query)) };
      end.warnings.unshift(...converted.warnings);
    } catch (error) {
      const outcome = this.onError === "passthrough" && isServiceFailure(error) ? "passthrough" : "throw";
      this.#emit("rerank-error", { ...base, error, outcome } satisfies RerankErrorEvent);
      if (outcome === "throw") throw error;
      return nodes.slice(0, this.topN).map(({ node, score }) => ({ node, score }));
    }
    this.#emit("rerank-end", end);
    return end.nodes;
  }

  async #rerank(nodes: NodeWithScore[], query: RerankQuery) {
    const readMetadataPaths = (this.#callSettings.allowedLocalRoots?.length ?? 0) > 0;
    const converted: ConvertedNode[] = await Promise.all(
      nodes.map(({ node }) =>
        toRerankDocument(node, {
          metadataMode: this.metadataMode,
          imageMetadataKeys: this.imageMetadataKeys,
          sendImages: this.model.limits.supports.image,
          readMetadataPaths,
        }),
      ),
    );
    // A blank node cannot be scored; the core ranks it last with 0 rather than failing the whole query.
    const result = await rerank({
      ...this.#callSettings,
      model: this.model,
      query,
      documents: converted.map((item) => item.document ?? {}),
      topN: this.topN,
      scoreThreshold: this.scoreThreshold,
      emptyDocuments: "rankLast",
    });
    const output = result.results.map(({ index, score }) => {
      const original = nodes[index]!;
      return { node: this.keepRetrievalScore ? withRetrievalScore(original.node, original.score) : original.node, score };
    });
    return {
      nodes: output,
      usage: result.usage,
      requestIds: result.requestIds,
      cached: result.cached,
      warnings: [...result.warnings, ...conversionWarnings(converted)],
    };
  }

  #emit(name: "rerank-start" | "rerank-end" | "rerank-error", event: RerankStartEvent | RerankEndEvent | RerankErrorEvent): void {
    const hooks = this.#hooks;
    if (name === "rerank-start") hooks.onRerankStart?.(event as RerankStartEvent);
    else if (name === "rerank-end") hooks.onRerankEnd?.(event as RerankEndEvent);
    else hooks.onRerankError?.(event as RerankErrorEvent);
    hooks.callbackManager?.dispatchEvent(name, event);
  }
}
