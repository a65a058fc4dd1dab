import { QwenRerank } from "@qwen-rerank/llamaindex";
import { expectedRanking } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { Document, type MetadataMode, type NodeWithScore, VectorStoreIndex } from "llamaindex";
import { beforeAll, describe, expect, it } from "vitest";
import { useOfflineLlamaIndexSettings } from "../support/llamaindex-offline.js";

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

// Registered before the index is built in beforeAll, so it embeds with the offline model (hooks run in order).
useOfflineLlamaIndexSettings();
const rerank = useRerankServer();
let index: VectorStoreIndex;
beforeAll(async () => {
  index = await VectorStoreIndex.fromDocuments(
    texts.map((text, position) => new Document({ id_: `doc-${position}`, text })),
  );
});

const reranker = () => new QwenRerank({ apiKey: "test-key", baseURL: rerank.baseURL, topN, maxRetries: 0 });
const textsOf = (nodes: NodeWithScore[] | undefined) =>
  (nodes ?? []).map(({ node }) => node.getContent("NONE" as MetadataMode));
const expected = () => {
  const ranking = expectedRanking(query, texts, { topN });
  expect(new Set(ranking.map(({ score }) => score)).size).toBe(topN); // no ties, so retrieval order cannot matter
  return { texts: ranking.map(({ index: position }) => texts[position]), scores: ranking.map(({ score }) => score) };
};

describe("VectorStoreIndex engines", () => {
  it("asQueryEngine().retrieve() returns the server's order cut to topN", async () => {
    const engine = index.asQueryEngine({ nodePostprocessors: [reranker()], similarityTopK: texts.length });
    const nodes = await engine.retrieve(query);
    expect(textsOf(nodes)).toEqual(expected().texts);
    expect(nodes.map(({ score }) => score)).toEqual(expected().scores);
    expect(rerank.server.calls).toHaveLength(1);
    const sent = (rerank.server.calls[0]!.body as { input: { query: unknown; documents: Array<{ text: string }> } })
      .input;
    expect(sent.query).toBe(query);
    expect(sent.documents.map(({ text }) => text).sort()).toEqual([...texts].sort());
  });

  it("asQueryEngine().query() answers from the reranked source nodes", async () => {
    const engine = index.asQueryEngine({ nodePostprocessors: [reranker()], similarityTopK: texts.length });
    const response = await engine.query({ query });
    expect(response.toString()).toBe("mock answer");
    expect(textsOf(response.sourceNodes)).toEqual(expected().texts);
    expect(rerank.server.calls).toHaveLength(1);
  });

  it("asChatEngine({ nodePostprocessors }) reranks the context with the chat message as query", async () => {
    const chat = index.asChatEngine({ nodePostprocessors: [reranker()], similarityTopK: texts.length });
    const response = await chat.chat({ message: query });
    expect(response.message.content).toBe("mock answer");
    expect(textsOf(response.sourceNodes)).toEqual(expected().texts);
    expect(rerank.server.calls).toHaveLength(1);
    expect((rerank.server.calls[0]!.body as { input: { query: unknown } }).input.query).toBe(query);
  });
});
