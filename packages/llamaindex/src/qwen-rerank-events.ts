import type { MessageContent } from "@llamaindex/core/llms";
import type { NodeWithScore } from "@llamaindex/core/schema";
import type { RerankWarning } from "@qwen-rerank/core";

/** Sent before the rerank request(s): hook `onRerankStart` and event `"rerank-start"`. */
export interface RerankStartEvent {
  /** The query as the caller passed it to `postprocessNodes`. */
  query: MessageContent;
  /** The caller's nodes, in retrieval order. Do not mutate them. */
  nodes: readonly NodeWithScore[];
  nodeCount: number;
  topN: number;
  /** Model id, e.g. `qwen3-vl-rerank`. */
  model: string;
}

/** Sent after a successful rerank: hook `onRerankEnd` and event `"rerank-end"`. */
export interface RerankEndEvent {
  query: MessageContent;
  /** What `postprocessNodes` returns: new objects in rerank order, cut to `topN`. */
  nodes: NodeWithScore[];
  /** How many nodes came in. */
  nodeCount: number;
  model: string;
  /** Tokens billed by the API (0 when the answer came from the cache). */
  usage: { totalTokens: number };
  /** One per request sent; quote them to Alibaba support. */
  requestIds: string[];
  /** Lossy conversions and notable decisions, from the core and from this postprocessor. */
  warnings: RerankWarning[];
  /** Whether the core's cache answered. */
  cached: boolean;
}

/** Sent when the rerank fails: hook `onRerankError` and event `"rerank-error"`, in both `onError` modes. */
export interface RerankErrorEvent {
  query: MessageContent;
  nodes: readonly NodeWithScore[];
  nodeCount: number;
  model: string;
  /** Usually one of the core's typed errors (`RerankAPIError`, `RerankTimeoutError`, ...). */
  error: unknown;
  /** `"passthrough"` when the input nodes are returned instead of the error being thrown. */
  outcome: "throw" | "passthrough";
}

/**
 * What `callbackManager` must offer. Typed by shape, not as LlamaIndex's `CallbackManager` class, whose private
 * fields would make two installed copies of `@llamaindex/core` incompatible (two copies of `@llamaindex/core`).
 */
export interface RerankEventDispatcher {
  dispatchEvent(
    event: "rerank-start" | "rerank-end" | "rerank-error",
    detail: RerankStartEvent | RerankEndEvent | RerankErrorEvent,
  ): void;
}

// Lets `Settings.callbackManager.on("rerank-end", (event) => event.detail.usage)` type-check for our users.
declare module "@llamaindex/core/global" {
  interface LlamaIndexEventMaps {
    "rerank-start": RerankStartEvent;
    "rerank-end": RerankEndEvent;
    "rerank-error": RerankErrorEvent;
  }
}
