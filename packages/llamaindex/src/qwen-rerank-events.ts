import type { MessageContent } from "@llamaindex/core/llms";
import type { NodeWithScore } from "@llamaindex/core/schema";
import type { RerankCallReport, RerankFailureReport } from "@qwen-rerank/core/plugin";
// Brings `llamaindex` into the program, which an augmentation of it needs; type-only, so nothing is loaded.
import type {} from "llamaindex";

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

/**
 * Sent after a successful rerank: hook `onRerankEnd` and event `"rerank-end"`. `model`, `usage`, `requestIds`,
 * `warnings` and `cached` mean the same as in the LangChain plugin's `onRerankEnd`.
 */
export interface RerankEndEvent extends RerankCallReport {
  query: MessageContent;
  /** What `postprocessNodes` returns: new objects in rerank order, cut to `topN`. */
  nodes: NodeWithScore[];
  /** How many nodes came in. */
  nodeCount: number;
}

/** Sent when the rerank fails: hook `onRerankError` and event `"rerank-error"`, in both `onError` modes. */
export interface RerankErrorEvent extends RerankFailureReport {
  query: MessageContent;
  nodes: readonly NodeWithScore[];
  nodeCount: number;
}

/**
 * What `callbackManager` must offer: a `dispatchEvent(name, detail)` method. The parameters are typed `never` so
 * that the `CallbackManager` of any installed copy of `@llamaindex/core` fits, whichever events its map knows.
 */
export interface RerankEventDispatcher {
  dispatchEvent(event: never, detail: never): void;
}

// Lets `Settings.callbackManager.on("rerank-end", (event) => event.detail.usage)` type-check for our users. Two
// copies of @llamaindex/core are common (llamaindex pins 0.6.22, its provider packages peer on 0.6.23), so the map is
// extended both where @llamaindex/core resolves from here and, through its re-export, in the copy `llamaindex` uses.
// A declaration file may augment a module that is not installed; nothing breaks without `llamaindex`.
declare module "@llamaindex/core/global" {
  interface LlamaIndexEventMaps {
    "rerank-start": RerankStartEvent;
    "rerank-end": RerankEndEvent;
    "rerank-error": RerankErrorEvent;
  }
}

declare module "llamaindex" {
  interface LlamaIndexEventMaps {
    "rerank-start": RerankStartEvent;
    "rerank-end": RerankEndEvent;
    "rerank-error": RerankErrorEvent;
  }
}
