import type { Callbacks } from "@langchain/core/callbacks/manager";
import { Document, type DocumentInterface } from "@langchain/core/documents";
import { BaseDocumentCompressor } from "@langchain/core/retrievers/document_compressors";
import { RunnableLambda } from "@langchain/core/runnables";
import { type RerankDocument, type RerankModel, rerank } from "@qwen-rerank/core";
import { type ResolvedPluginOptions, rerankOrPassThrough, resolvePluginOptions } from "@qwen-rerank/core/plugin";
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
  /** The core model every call goes through. */
  readonly rerankModel: RerankModel;
  readonly topN: number;
  readonly scoreThreshold: number | undefined;
  readonly scoreKey: string;
  readonly onError: "throw" | "passthrough";
  // Private fields stay out of JSON.stringify and util.inspect; the API key is not even here (it lives in the provider).
  readonly #callSettings: ResolvedPluginOptions<unknown>["callSettings"];
  readonly #toRerankDocument: (document: DocumentInterface) => RerankDocument;
  readonly #onErrorPassthrough: QwenRerankOptions["onErrorPassthrough"];

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
    this.#onErrorPassthrough = extra.onErrorPassthrough as QwenRerankOptions["onErrorPassthrough"];
  }

  /**
   * Reranks `documents` against `query` and returns new documents (same `pageContent`, `id` and metadata, plus the
   * score under `scoreKey`), best first, at most `topN`. The documents you pass are never modified.
   */
  async compressDocuments(documents: DocumentInterface[], query: string, callbacks?: Callbacks): Promise<Document[]> {
    if (documents.length === 0) return [];
    const ranked = async () => {
      const ranking = await this.#rank(documents, query, { callbacks });
      return ranking.map(({ index, relevanceScore }) =>
        copyDocument(documents[index]!, { [this.scoreKey]: relevanceScore }),
      );
    };
    return rerankOrPassThrough(ranked, this.onError, (error) => {
      this.#onErrorPassthrough?.(error);
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
    return this.#rank(documents.map(asDocument), query, options);
  }

  async #rank(
    documents: readonly DocumentInterface[],
    query: string,
    options: QwenRerankCallOptions,
  ): Promise<QwenRerankResult[]> {
    const { callbacks, topN = this.topN, scoreThreshold = this.scoreThreshold, ...overrides } = options;
    const traced = RunnableLambda.from(async (input: { query: string }): Promise<QwenRerankResult[]> => {
      // A document with nothing to score ranks last with 0 rather than making the API refuse the whole request.
      const { results } = await rerank({
        ...this.#callSettings,
        ...overrides,
        model: this.rerankModel,
        query: input.query,
        documents: documents.map((document) => this.#toRerankDocument(document)),
        topN,
        scoreThreshold,
        emptyDocuments: "rankLast",
      });
      return results.map(({ index, score }) => ({ index, relevanceScore: score }));
    }).withConfig({ runName: "QwenRerank" });
    // Only the query goes into the trace: documents can be megabytes of private base64 images.
    return traced.invoke(
      { query },
      { callbacks, metadata: { model: this.model, topN, documentCount: documents.length } },
    );
  }
}

function copyDocument(document: DocumentInterface, extra: Record<string, unknown>): Document {
  return new Document({
    pageContent: document.pageContent,
    id: document.id,
    metadata: { ...document.metadata, ...extra },
  });
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
