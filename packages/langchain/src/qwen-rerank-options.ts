import type { DocumentInterface } from "@langchain/core/documents";
import type { RerankCallSettings, RerankDocument, RerankError } from "@qwen-rerank/core";
import type { PluginHooks, PluginOptions } from "@qwen-rerank/core/plugin";
import { z } from "zod";
import type { RerankEndEvent, RerankErrorEvent, RerankStartEvent } from "./qwen-rerank-events.js";

/** The core's call settings that pass through the compressor, per call of `QwenRerank.rerank()` too. */
export type QwenRerankCallSettings = Omit<RerankCallSettings, "topN" | "scoreThreshold" | "returnDocuments">;

/**
 * Options of `new QwenRerank()`: the shared plugin options (see `PluginOptions`) and hooks (`onRerankStart`,
 * `onRerankEnd`, `onRerankError`), plus LangChain's own.
 */
export interface QwenRerankOptions
  extends PluginOptions,
    PluginHooks<RerankStartEvent, RerankEndEvent, RerankErrorEvent> {
  /** Metadata key the score is written to; `"relevance_score"` matches LangChain Python. @default "relevanceScore" */
  scoreKey?: string | undefined;
  /** Maps a document to what is sent, replacing the metadata-key mapping. @default toRerankDocument */
  toRerankDocument?: ((document: DocumentInterface) => RerankDocument) | undefined;
  /**
   * Called with the error before documents are passed through (`onError: "passthrough"`).
   * @deprecated Use `onRerankError`, which is called then too, with `outcome: "passthrough"`.
   * @default none
   */
  onErrorPassthrough?: ((error: RerankError) => void) | undefined;
}

const fn = z.custom<(...args: never[]) => unknown>((value) => typeof value === "function", "must be a function");

/** The checks of LangChain's own options; the shared ones (hooks included) are the plugin kit's. */
export const langchainOptionsShape = {
  scoreKey: z.string().trim().min(1).optional(),
  toRerankDocument: fn.optional(),
  onErrorPassthrough: fn.optional(),
};
