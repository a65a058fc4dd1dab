import type { DocumentInterface } from "@langchain/core/documents";
import type { RerankCallReport, RerankFailureReport } from "@qwen-rerank/core/plugin";

/** One ranked document: `index` points into the documents you passed. */
export interface QwenRerankResult {
  index: number;
  relevanceScore: number;
}

/**
 * What a call reports: the ranking (indexes and scores, never the documents) with the core's usage, request ids,
 * warnings and cache flag. It is the output of the traced `QwenRerank` run, and `onRerankEnd` receives it too.
 */
export interface QwenRerankRunOutput extends RerankCallReport {
  /** Best first, cut to `topN`. */
  results: QwenRerankResult[];
}

/** Passed to `onRerankStart`, before the request(s). */
export interface RerankStartEvent {
  query: string;
  /** The documents as read (strings and records given to `rerank()` appear as documents). Do not mutate them. */
  documents: readonly DocumentInterface[];
  documentCount: number;
  topN: number;
  /** Model id, e.g. `qwen3-vl-rerank`. */
  model: string;
}

/**
 * Passed to `onRerankEnd`, after a successful rerank and before the documents are returned. `model`, `usage`,
 * `requestIds`, `warnings` and `cached` mean the same as in the LlamaIndex plugin's `onRerankEnd`.
 */
export interface RerankEndEvent extends QwenRerankRunOutput {
  query: string;
  /** How many documents came in. */
  documentCount: number;
}

/** Passed to `onRerankError` when the rerank fails, before the error is thrown or the documents passed through. */
export interface RerankErrorEvent extends RerankFailureReport {
  query: string;
  documentCount: number;
}
