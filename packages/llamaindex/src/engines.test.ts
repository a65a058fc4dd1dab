import { MockLLM } from "@llamaindex/core/llms/mock";
import { type RerankServer, startRerankServer } from "@qwen-rerank/testing";
import { BaseEmbedding, Document, type LLM, type MetadataMode, type NodeWithScore, Settings, VectorStoreIndex } from "llamaindex";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { QwenRerank } from "./index.js";
import { expectedRanking } from "./test-fixtures.js";

/** Deterministic bag-of-words embedding (snag S4: VectorStoreIndex needs Settings.embedModel). */
class WordHashEmbedding extends BaseEmbedding {
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

const texts = [
  "The weather forecast for the weekend is sunny.",
  "Choosing cat food for a picky eater.",
  "Cat food allergy symptoms include itching.",
  "The cat sat on the mat.",
  "Dogs can have a food allergy too.",
  "Allergy season brings high pollen counts.",
];
const query = "cat food allergy";
const topN = 3;

let server: RerankServer;
let index: VectorStoreIndex;
let previous: { llm: LLM | undefined; embedModel: BaseEmbedding | undefined };
const read = <T>(get: () => T): T | undefined => {
  try {
    return get();
  } catch {
    return undefined; // unset Settings throw on read
  }
};

beforeAll(async () => {
  previous = { llm: read(() => Settings.llm), embedModel: read(() => Settings.embedModel) };
  Settings.embedModel = new WordHashEmbedding();
  Settings.llm = new MockLLM({ responseMessage: "mock answer", timeBetweenToken: 0 });
  server = await startRerankServer();
  index = await VectorStoreIndex.fromDocuments(texts.map((text, position) => new Document({ id_: `doc-${position}`, text })));
});
afterAll(async () => {
  Settings.llm = previous.llm as LLM;
  Settings.embedModel = previous.embedModel as BaseEmbedding;
  await server.close();
});
beforeEach(() => server.reset());

const reranker = () => new QwenRerank({ apiKey: "test-key", baseURL: `${server.url}/api/v1`, topN, maxRetries: 0 });
const textsOf = (nodes: NodeWithScore[] | undefined) => (nodes ?? []).map(({ node }) => node.getContent("NONE" as MetadataMode));
const expected = () => {
  const ranking = expectedRanking(query, texts, topN);
  expect(new Set(ranking.map(({ score }) => score)).size).toBe(topN); // no ties, so retrieval order cannot matter
  return { texts: ranking.map(({ index: position }) => texts[position]), scores: ranking.map(({ score }) => score) };
};

describe("VectorStoreIndex engines", () => {
  it("asQueryEngine().retrieve() returns the server's order cut to topN", async () => {
    const engine = index.asQueryEngine({ nodePostprocessors: [reranker()], similarityTopK: texts.length });
    const nodes = await engine.retrieve(query);
    expect(textsOf(nodes)).toEqual(expected().texts);
    expect(nodes.map(({ score }) => score)).toEqual(expected().scores);
    expect(server.calls).toHaveLength(1);
    const sent = (server.calls[0]!.body as { input: { query: unknown; documents: Array<{ text: string }> } }).input;
    expect(sent.query).toBe(query);
    expect(sent.documents.map(({ text }) => text).sort()).toEqual([...texts].sort());
  });

  it("asQueryEngine().query() answers from the reranked source nodes", async () => {
    const engine = index.asQueryEngine({ nodePostprocessors: [reranker()], similarityTopK: texts.length });
    const response = await engine.query({ query });
    expect(response.toString()).toBe("mock answer");
    expect(textsOf(response.sourceNodes)).toEqual(expected().texts);
    expect(server.calls).toHaveLength(1);
  });

  it("asChatEngine({ nodePostprocessors }) reranks the context with the chat message as query", async () => {
    const chat = index.asChatEngine({ nodePostprocessors: [reranker()], similarityTopK: texts.length });
    const response = await chat.chat({ message: query });
    expect(response.message.content).toBe("mock answer");
    expect(textsOf(response.sourceNodes)).toEqual(expected().texts);
    expect(server.calls).toHaveLength(1);
    expect((server.calls[0]!.body as { input: { query: unknown } }).input.query).toBe(query);
  });
});
