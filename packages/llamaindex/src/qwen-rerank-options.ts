import type { MetadataMode } from "@llamaindex/core/schema";
import type { PluginHooks, PluginOptions } from "@qwen-rerank/core/plugin";
import { z } from "zod";
import type {
  RerankEndEvent,
  RerankErrorEvent,
  RerankEventDispatcher,
  RerankStartEvent,
} from "./qwen-rerank-events.js";

/** `MetadataMode` as its enum or as the plain string, so callers need no runtime import of LlamaIndex. */
export type QwenRerankMetadataMode = MetadataMode | `${MetadataMode}`;

/**
 * Options of `new QwenRerank()`: the shared plugin options (see `PluginOptions`) and hooks (`onRerankStart`,
 * `onRerankEnd`, `onRerankError`), plus LlamaIndex's own.
 */
export interface QwenRerankOptions
  extends PluginOptions,
    PluginHooks<RerankStartEvent, RerankEndEvent, RerankErrorEvent> {
  /** Which text of a node is scored: `"NONE"` (text only), `"ALL"`, `"EMBED"` or `"LLM"` (with metadata). @default "NONE" */
  metadataMode?: QwenRerankMetadataMode | undefined;
  /** Keep the retriever's score in the returned node's metadata as `retrieval_score` (on a copy). @default false */
  keepRetrievalScore?: boolean | undefined;
  /** Receives `"rerank-start"`, `"rerank-end"` and `"rerank-error"`, e.g. `Settings.callbackManager`. @default none */
  callbackManager?: RerankEventDispatcher | undefined;
}

const dispatcher = z.custom<RerankEventDispatcher>(
  (value) => typeof (value as { dispatchEvent?: unknown } | null)?.dispatchEvent === "function",
  "must have a dispatchEvent(name, detail) method",
);

/** The checks of LlamaIndex's own options; the shared ones (hooks included) are the plugin kit's. */
export const llamaindexOptionsShape = {
  metadataMode: z.enum(["NONE", "ALL", "EMBED", "LLM"]).optional(),
  keepRetrievalScore: z.boolean().optional(),
  callbackManager: dispatcher.optional(),
};
