import { MockLLM } from "@llamaindex/core/llms/mock";
import { BaseEmbedding, type LLM, Settings } from "llamaindex";
import { afterAll, beforeAll } from "vitest";

/** Deterministic bag-of-words embedding: VectorStoreIndex needs Settings.embedModel (docs/frameworks.md S4). */
export class WordHashEmbedding extends BaseEmbedding {
  // biome-ignore lint/complexity/noUselessConstructor: BaseEmbedding's constructor is protected; this makes it public.
  constructor() {
    super();
  }
  async getTextEmbedding(text: string): Promise<number[]> {
    const vector = new Array<number>(64).fill(0);
    for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
      let hash = 0;
      for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) % 64;
      vector[hash]! += 1;
    }
    return vector;
  }
}

/**
 * Sets LlamaIndex's global `Settings` to the offline embedding and `MockLLM` for the file, and restores them after:
 * `asQueryEngine()` needs an LLM at construction even when only `retrieve()` is called (docs/frameworks.md S4).
 */
export function useOfflineLlamaIndexSettings(): void {
  let previous: { llm: LLM | undefined; embedModel: BaseEmbedding | undefined };
  // Reading an unset Settings field throws.
  const read = <T>(get: () => T): T | undefined => {
    try {
      return get();
    } catch {
      return undefined;
    }
  };
  beforeAll(() => {
    previous = { llm: read(() => Settings.llm), embedModel: read(() => Settings.embedModel) };
    Settings.embedModel = new WordHashEmbedding();
    Settings.llm = new MockLLM({ responseMessage: "mock answer", timeBetweenToken: 0 });
  });
  afterAll(() => {
    Settings.llm = previous.llm as LLM;
    Settings.embedModel = previous.embedModel as BaseEmbedding;
  });
}
