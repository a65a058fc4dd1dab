import type { Callbacks } from "@langchain/core/callbacks/manager";
import type { Document, DocumentInterface } from "@langchain/core/documents";
import { BaseDocumentCompressor } from "@langchain/core/retrievers/document_compressors";
import { RunnableLambda } from "@langchain/core/runnables";
import { type RerankDocument, type RerankError, type RerankModel, rerank } from "@qwen-rerank/core";
import {
  callReport,
  createImageChooser,
  type ResolvedPluginOptions,
  rerankOrPassThrough,
  resolvePluginOptions,
} from "@qwen-rerank/core/plugin";
import { anySignal, asDocument, copyDocument } from "./documents.js";
import type { QwenRerankResult, QwenRerankRunOutput } from "./qwen-rerank-events.js";
import { langchainOptionsShape, type QwenRerankCallSettings, type QwenRerankOptions } from "./qwen-rerank-options.js";
import { toRerankDocument } from "./to-rerank-document.js";

/** Per-call overrides of `QwenRerank.rerank()`. */
export interface QwenRerankCallOptions extends QwenRerankCallSettings {
  /** Results kept. @default the compressor's `topN` */
  topN?: number | undefined;
  /** Results scoring below this are dropped. @default the compressor's `scoreThreshold` */
  scoreThreshold?: number | undefined;
  /** Handlers that see the `QwenRerank` run. @default none */
  callbacks?: Callbacks | undefined;
}

type Hooks = Pick<QwenRerankOptions, "onRerankStart" | "onRerankEnd" | "onRerankError" | "onErrorPassthrough">;

/**
 * A LangChain document compressor backed by Qwen3-VL-Rerank (or any core `RerankModel`): reranks text, image and
 * video documents and keeps the best `topN`. Use it as the `baseCompressor` of a `ContextualCompressionRetriever`.
 */
export class QwenRerank extends BaseDocumentCompressor {
  /** The model id, as sent to the API. */
  readonly model: string;
  /** The core model every call goes through. */
  readonly rerankModel: RerankModel;
  readonly topN: number;
  readonly scoreThreshold: number | undefined;
  readonly scoreKey: string;
  readonly onError: "throw" | "passthrough";
  // Private fields stay out of JSON.stringify and util.inspect; the API key is not even here (it lives in the provider).
  readonly #callSettings: ResolvedPluginOptions<unknown>["callSettings"];
  readonly #toRerankDocument: (document: DocumentInterface) => RerankDocument;
  readonly #hooks: Hooks;

  constructor(options: QwenRerankOptions = {}) {
    super();
    const resolved = resolvePluginOptions(options, langchainOptionsShape);
    const { imageMetadataKeys, videoMetadataKeys, extra } = resolved;
    this.rerankModel = resolved.rerankModel;
    this.model = this.rerankModel.modelId;
    this.topN = resolved.topN;
    this.scoreThreshold = resolved.scoreThreshold;
    this.scoreKey = extra.scoreKey ?? "relevanceScore";
    this.onError = resolved.onError;
    this.#callSettings = resolved.callSettings;
    this.#toRerankDocument =
      (extra.toRerankDocument as QwenRerankOptions["toRerankDocument"]) ??
      ((document) => toRerankDocument(document, { imageMetadataKeys, videoMetadataKeys }));
    const { onRerankStart, onRerankEnd, onRerankError, onErrorPassthrough } = options ?? {};
    this.#hooks = { onRerankStart, onRerankEnd, onRerankError, onErrorPassthrough };
  }

  /**
   * Reranks `documents` against `query` and returns new documents (same `pageContent`, `id` and metadata, plus the
   * score under `scoreKey`), best first, at most `topN`. The documents you pass are never modified. Usage, request
   * ids and warnings go to `onRerankEnd` and to the traced `QwenRerank` run's output, not into the documents.
   */
  async compressDocuments(documents: DocumentInterface[], query: string, callbacks?: Callbacks): Promise<Document[]> {
    if (documents.length === 0) return [];
    const ranked = async () => {
      const { results } = await this.#rank(documents, query, { callbacks });
      return results.map(({ index, relevanceScore }) =>
        copyDocument(documents[index]!, { [this.scoreKey]: relevanceScore }),
      );
    };
    return this.#reported(documents.length, query, this.onError, ranked, (error) => {
      this.#hooks.onErrorPassthrough?.(error);
      return documents.slice(0, this.topN).map((document) => copyDocument(document, { rerankError: error.message }));
    });
  }

  /**
   * Scores documents (LangChain documents, strings, or records such as `{ text, image }`) and returns
   * `{ index, relevanceScore }` pairs, best first, like `CohereRerank.rerank()`. Always throws on failure.
   */
  async rerank(
    documents: ReadonlyArray<DocumentInterface | string | Record<string, unknown>>,
    query: string,
    options: QwenRerankCallOptions = {},
  ): Promise<QwenRerankResult[]> {
    if (documents.length === 0) return [];
    const read = documents.map(asDocument);
    const ranked = async () => (await this.#rank(read, query, options)).results;
    return this.#reported(read.length, query, "throw", ranked, () => []);
  }

  /** Runs a rerank under `onError`, telling `onRerankError` how each failure ends. */
  async #reported<T>(
    documentCount: number,
    query: string,
    onError: "throw" | "passthrough",
    run: () => Promise<T>,
    passThrough: (error: RerankError) => T,
  ): Promise<T> {
    const base = { query, documentCount, model: this.model };
    try {
      return await rerankOrPassThrough(run, onError, (error) => {
        this.#hooks.onRerankError?.({ ...base, error, outcome: "passthrough" });
        return passThrough(error);
      });
    } catch (error) {
      this.#hooks.onRerankError?.({ ...base, error, outcome: "throw" });
      throw error;
    }
  }

  async #rank(
    documents: readonly DocumentInterface[],
    query: string,
    options: QwenRerankCallOptions,
  ): Promise<QwenRerankRunOutput> {
    const { callbacks, topN = this.topN, scoreThreshold = this.scoreThreshold, ...overrides } = options;
    this.#hooks.onRerankStart?.({ query, documents, documentCount: documents.length, topN, model: this.model });
    const settings = { ...this.#callSettings, ...overrides };
    const traced = RunnableLambda.from(async (input: { query: string }, config): Promise<QwenRerankRunOutput> => {
      const chooser = createImageChooser(settings.allowedLocalRoots);
      const sent = await Promise.all(
        documents.map(async (document) => {
          const mapped = this.#toRerankDocument(document);
          if (typeof mapped === "string" || mapped.image == null) return mapped;
          return { ...mapped, image: (await chooser.choose([mapped.image])) as typeof mapped.image };
        }),
      );
      // A document with nothing to score ranks last with 0 rather than making the API refuse the whole request.
      const result = await rerank({
        ...settings,
        // The compressor's, the call's, and LangChain's run signal (the enclosing runnable's, which LangChain's
        // AsyncLocalStorage carries; a retriever passes none on: docs/frameworks.md §1.4).
        abortSignal: anySignal(
          this.#callSettings.abortSignal,
          overrides.abortSignal,
          (config as { signal?: AbortSignal } | undefined)?.signal,
        ),
        model: this.rerankModel,
        query: input.query,
        documents: sent,
        topN,
        scoreThreshold,
        emptyDocuments: "rankLast",
      });
      const results = result.results.map(({ index, score }) => ({ index, relevanceScore: score }));
      return { results, ...callReport(this.model, result, chooser.warnings()) };
    }).withConfig({ runName: "QwenRerank" });
    // Only the query goes into the trace: documents can be megabytes of private base64 images.
    const output = await traced.invoke(
      { query },
      { callbacks, metadata: { model: this.model, topN, documentCount: documents.length } },
    );
    this.#hooks.onRerankEnd?.({ ...output, query, documentCount: documents.length });
    return output;
  }
}
