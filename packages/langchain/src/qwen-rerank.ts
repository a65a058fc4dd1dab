import type { Callbacks } from "@langchain/core/callbacks/manager";
import { Document, type DocumentInterface } from "@langchain/core/documents";
import { BaseDocumentCompressor } from "@langchain/core/retrievers/document_compressors";
import { RunnableLambda } from "@langchain/core/runnables";
import { createDashScope, isServiceFailure, type RerankDocument, type RerankModel, rerank } from "@qwen-rerank/core";
import { type QwenRerankCallSettings, type QwenRerankOptions, validateQwenRerankOptions } from "./qwen-rerank-options.js";
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

/** One ranked document: `index` points into the documents you passed. */
export interface QwenRerankResult {
  index: number;
  relevanceScore: number;
}

/**
 * A LangChain document compressor backed by Qwen3-VL-Rerank (or any core `RerankModel`): reranks text, image and
 * video documents and keeps the best `topN`. Use it as the `baseCompressor` of a `ContextualCompressionRetriever`.
 */
export class QwenRerank extends BaseDocumentCompressor {
  /** The model id, as sent to the API. */
  readonly model: string;
  readonly topN: number;
  readonly scoreThreshold: number | undefined;
  readonly scoreKey: string;
  readonly onError: "throw" | "passthrough";
  // Private fields: they stay out of JSON.stringify and util.inspect, and the model closes over the API key.
  readonly #rerankModel: RerankModel;
  readonly #callSettings: QwenRerankCallSettings & { headers?: Record<string, string> | undefined };
  readonly #toRerankDocument: (document: DocumentInterface) => RerankDocument;
  readonly #onErrorPassthrough: QwenRerankOptions["onErrorPassthrough"];

  constructor(options: QwenRerankOptions = {}) {
    super();
    validateQwenRerankOptions(options);
    const {
      model = "qwen3-vl-rerank",
      apiKey,
      baseURL,
      region,
      workspace,
      headers,
      dispatcher,
      topN = 3,
      scoreThreshold,
      scoreKey = "relevanceScore",
      imageMetadataKeys,
      videoMetadataKeys,
      toRerankDocument: customMapping,
      onError = "throw",
      onErrorPassthrough,
      ...callSettings
    } = options;
    if (typeof model === "string") {
      this.#rerankModel = createDashScope({ apiKey, baseURL, region, workspace, headers, dispatcher }).rerankModel(model);
      this.#callSettings = callSettings;
    } else {
      this.#rerankModel = model;
      this.#callSettings = { ...callSettings, headers };
    }
    this.model = this.#rerankModel.modelId;
    this.topN = topN;
    this.scoreThreshold = scoreThreshold;
    this.scoreKey = scoreKey;
    this.onError = onError;
    this.#toRerankDocument = customMapping ?? ((document) => toRerankDocument(document, { imageMetadataKeys, videoMetadataKeys }));
    this.#onErrorPassthrough = onErrorPassthrough;
  }

  /**
   * Reranks `documents` against `query` and returns new documents (same `pageContent`, `id` and metadata, plus the
   * score under `scoreKey`), best first, at most `topN`. The documents you pass are never modified.
   */
  async compressDocuments(documents: DocumentInterface[], query: string, callbacks?: Callbacks): Promise<Document[]> {
    if (documents.length === 0) return [];
    try {
      const ranking = await this.#rank(documents, query, { callbacks });
      return ranking.map(({ index, relevanceScore }) => copyDocument(documents[index]!, { [this.scoreKey]: relevanceScore }));
    } catch (error) {
      if (this.onError === "throw" || !isServiceFailure(error)) throw error;
      this.#onErrorPassthrough?.(error);
      return documents.slice(0, this.topN).map((document) => copyDocument(document, { rerankError: error.message }));
    }
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
    return this.#rank(documents.map(asDocument), query, options);
  }

  async #rank(documents: readonly DocumentInterface[], query: string, options: QwenRerankCallOptions): Promise<QwenRerankResult[]> {
    const { callbacks, topN = this.topN, scoreThreshold = this.scoreThreshold, ...overrides } = options;
    const traced = RunnableLambda.from(async (input: { query: string }): Promise<QwenRerankResult[]> => {
      // A document with nothing to score ranks last with 0 rather than making the API refuse the whole request.
      const { results } = await rerank({
        ...this.#callSettings,
        ...overrides,
        model: this.#rerankModel,
        query: input.query,
        documents: documents.map((document) => this.#toRerankDocument(document)),
        topN,
        scoreThreshold,
        emptyDocuments: "rankLast",
      });
      return results.map(({ index, score }) => ({ index, relevanceScore: score }));
    }).withConfig({ runName: "QwenRerank" });
    // Only the query goes into the trace: documents can be megabytes of private base64 images.
    return traced.invoke({ query }, { callbacks, metadata: { model: this.model, topN, documentCount: documents.length } });
  }
}

function copyDocument(document: DocumentInterface, extra: Record<string, unknown>): Document {
  return new Document({ pageContent: document.pageContent, id: document.id, metadata: { ...document.metadata, ...extra } });
}

function asDocument(document: DocumentInterface | string | Record<string, unknown>): DocumentInterface {
  if (typeof document === "string") return { pageContent: document, metadata: {} };
  if (isDocument(document)) return document;
  // A plain record reads like metadata: `text` is the text and the image/video keys apply as usual.
  return { pageContent: typeof document.text === "string" ? document.text : "", metadata: document };
}

function isDocument(value: DocumentInterface | Record<string, unknown>): value is DocumentInterface {
  return typeof value.pageContent === "string" && typeof value.metadata === "object" && value.metadata !== null;
}
