import type { MessageContent } from "@llamaindex/core/llms";
import type { BaseNodePostprocessor } from "@llamaindex/core/postprocessor";
import type { MetadataMode, NodeWithScore } from "@llamaindex/core/schema";
import { type RerankModel, rerank } from "@qwen-rerank/core";
import {
  callReport,
  createImageChooser,
  type ResolvedPluginOptions,
  rerankOrPassThrough,
  resolvePluginOptions,
} from "@qwen-rerank/core/plugin";
import type { RerankEndEvent, RerankErrorEvent, RerankStartEvent } from "./qwen-rerank-events.js";
import { llamaindexOptionsShape, type QwenRerankOptions } from "./qwen-rerank-options.js";
import { nodeToDocument } from "./to-rerank-document.js";
import { type ConvertedQuery, toRerankQuery } from "./to-rerank-query.js";
import { withRetrievalScore } from "./with-retrieval-score.js";

type Hooks = Pick<QwenRerankOptions, "onRerankStart" | "onRerankEnd" | "onRerankError" | "callbackManager">;

/**
 * A LlamaIndex.TS node postprocessor that reranks text and image nodes with Qwen3-VL-Rerank (or any core
 * `RerankModel`). It implements the `BaseNodePostprocessor` interface without importing LlamaIndex at runtime,
 * so it works with whichever copy of `@llamaindex/core` the app loads.
 */
export class QwenRerank implements BaseNodePostprocessor {
  /** The model id, as sent to the API. */
  readonly model: string;
  /** The core model every call goes through. */
  readonly rerankModel: RerankModel;
  readonly topN: number;
  readonly scoreThreshold: number | undefined;
  readonly metadataMode: MetadataMode;
  readonly keepRetrievalScore: boolean;
  readonly imageMetadataKeys: readonly string[];
  readonly onError: "throw" | "passthrough";
  // Private fields stay out of JSON.stringify and util.inspect; the API key is not even here (it lives in the provider).
  readonly #callSettings: ResolvedPluginOptions<unknown>["callSettings"];
  readonly #hooks: Hooks;

  constructor(options: QwenRerankOptions = {}) {
    const resolved = resolvePluginOptions(options, llamaindexOptionsShape);
    const { extra } = resolved;
    this.rerankModel = resolved.rerankModel;
    this.model = this.rerankModel.modelId;
    this.topN = resolved.topN;
    this.scoreThreshold = resolved.scoreThreshold;
    this.metadataMode = (extra.metadataMode ?? "NONE") as MetadataMode;
    this.keepRetrievalScore = extra.keepRetrievalScore ?? false;
    this.imageMetadataKeys = resolved.imageMetadataKeys;
    this.onError = resolved.onError;
    this.#callSettings = resolved.callSettings;
    const { onRerankStart, onRerankEnd, onRerankError } = options;
    this.#hooks = { onRerankStart, onRerankEnd, onRerankError, callbackManager: extra.callbackManager };
  }

  /**
   * Reranks `nodes` against `query` and returns new `{ node, score }` objects in rerank order, at most `topN` of
   * them. The input nodes and their scores are never modified.
   */
  async postprocessNodes(nodes: NodeWithScore[], query?: MessageContent): Promise<NodeWithScore[]> {
    if (nodes.length === 0) return [];
    const converted = toRerankQuery(query, { imageQuery: this.rerankModel.limits.supports.imageQuery });
    const base = { query: query as MessageContent, nodes, nodeCount: nodes.length, model: this.model };
    this.#emit("rerank-start", { ...base, topN: this.topN } satisfies RerankStartEvent);
    const run = async () => {
      const end: RerankEndEvent = { ...base, ...(await this.#rerank(nodes, converted)) };
      this.#emit("rerank-end", end);
      return end.nodes;
    };
    try {
      return await rerankOrPassThrough(run, this.onError, (error) => {
        this.#emit("rerank-error", { ...base, error, outcome: "passthrough" } satisfies RerankErrorEvent);
        return nodes.slice(0, this.topN).map(({ node, score }) => ({ node, score }));
      });
    } catch (error) {
      this.#emit("rerank-error", { ...base, error, outcome: "throw" } satisfies RerankErrorEvent);
      throw error;
    }
  }

  async #rerank(nodes: NodeWithScore[], converted: ConvertedQuery) {
    const options = { metadataMode: this.metadataMode, imageMetadataKeys: this.imageMetadataKeys };
    const chooser = createImageChooser(this.#callSettings.allowedLocalRoots);
    const documents = await Promise.all(nodes.map(({ node }) => nodeToDocument(node, options, chooser)));
    // A blank node cannot be scored; the core ranks it last with 0 rather than failing the whole query.
    const result = await rerank({
      ...this.#callSettings,
      model: this.rerankModel,
      query: converted.query,
      documents,
      topN: this.topN,
      scoreThreshold: this.scoreThreshold,
      emptyDocuments: "rankLast",
    });
    const output = result.results.map(({ index, score }) => {
      const original = nodes[index]!;
      return {
        node: this.keepRetrievalScore ? withRetrievalScore(original.node, original.score) : original.node,
        score,
      };
    });
    return { nodes: output, ...callReport(this.model, result, [...converted.warnings, ...chooser.warnings()]) };
  }

  #emit(
    name: "rerank-start" | "rerank-end" | "rerank-error",
    event: RerankStartEvent | RerankEndEvent | RerankErrorEvent,
  ): void {
    const hooks = this.#hooks;
    if (name === "rerank-start") hooks.onRerankStart?.(event as RerankStartEvent);
    else if (name === "rerank-end") hooks.onRerankEnd?.(event as RerankEndEvent);
    else hooks.onRerankError?.(event as RerankErrorEvent);
    // Typed `never` so that any copy's CallbackManager fits; every copy takes any name at run time.
    (hooks.callbackManager as { dispatchEvent(name: string, detail: unknown): void } | undefined)?.dispatchEvent(
      name,
      event,
    );
  }
}
