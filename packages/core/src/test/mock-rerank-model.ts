import type { ResolvedDocument, ResolvedQuery } from "../spec/rerank-document.js";
import type {
  RerankModel,
  RerankModelCallOptions,
  RerankModelCallResult,
  RerankModelLimits,
} from "../spec/rerank-model.js";

export interface MockRerankModelOptions {
  /** @default "mock" */
  provider?: string;
  /** @default "mock-rerank" */
  modelId?: string;
  /** Merged over generous defaults: 100 documents of any kind, 1,000,000 tokens, everything supported. */
  limits?: Partial<RerankModelLimits>;
  /** The score of one document. @default the share of the query's words found in the document's text */
  score?: (query: ResolvedQuery, document: ResolvedDocument) => number;
}

const defaultLimits: RerankModelLimits = {
  maxDocumentsPerCall: { text: 100, image: 100, video: 100 },
  maxTotalDocumentsPerCall: 100,
  maxTokensPerCall: 1_000_000,
  maxTokensPerItem: 100_000,
  supports: { image: true, video: true, imageQuery: true, mixedDocuments: true },
};

/**
 * A `RerankModel` without a socket, for tests of what `rerank()` and the plugins do around the model: batching,
 * merging, `topN`, retries. It records every call and answers with its scorer, best first, cut to `topN`, unless a
 * queued error or answer comes first.
 */
export class MockRerankModel implements RerankModel {
  readonly specificationVersion = "v1";
  readonly provider: string;
  readonly modelId: string;
  readonly limits: RerankModelLimits;
  /** Every call's options, in order. */
  readonly calls: RerankModelCallOptions[] = [];
  readonly #score: (query: ResolvedQuery, document: ResolvedDocument) => number;
  readonly #queue: Array<{ error: unknown } | { result: RerankModelCallResult }> = [];

  constructor(options: MockRerankModelOptions = {}) {
    this.provider = options.provider ?? "mock";
    this.modelId = options.modelId ?? "mock-rerank";
    this.limits = { ...defaultLimits, ...options.limits };
    this.#score = options.score ?? wordOverlap;
  }

  /** The next calls reject with these errors, one each, before the scorer answers again. */
  failNext(...errors: unknown[]): this {
    this.#queue.push(...errors.map((error) => ({ error })));
    return this;
  }

  /** The next call answers with exactly this result, whatever was asked. */
  answerNext(result: RerankModelCallResult): this {
    this.#queue.push({ result });
    return this;
  }

  async doRerank(options: RerankModelCallOptions): Promise<RerankModelCallResult> {
    this.calls.push(options);
    const queued = this.#queue.shift();
    if (queued && "error" in queued) throw queued.error;
    if (queued) return queued.result;
    const ranking = options.documents
      .map((document, index) => ({ index, score: this.#score(options.query, document) }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, options.topN ?? options.documents.length);
    return { ranking, usage: { totalTokens: options.documents.length }, requestId: `mock-${this.calls.length}` };
  }
}

function wordOverlap(query: ResolvedQuery, document: ResolvedDocument): number {
  const words = "text" in query ? query.text.toLowerCase().split(/\W+/).filter(Boolean) : [];
  const text = document.text?.toLowerCase() ?? "";
  return words.length === 0 ? 0 : words.filter((word) => text.includes(word)).length / words.length;
}
