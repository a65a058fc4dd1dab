import { QwenRerank } from "@qwen-rerank/llamaindex";
import { expectedRanking } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { Document, type JSONValue, QueryEngineTool, VectorStoreIndex } from "llamaindex";
import { beforeAll, describe, expect, it } from "vitest";
import { useOfflineLlamaIndexSettings } from "../support/llamaindex-offline.js";

// Issue "Reach" (3): an agent's query tool. `index.queryTool({ options })` passes `options` to asRetriever(), which
// has no postprocessors, so a reranker given there is dropped without a word; a QueryEngineTool built on
// asQueryEngine({ nodePostprocessors }) reranks.

const texts = [
  "Choosing cat food for a picky eater.",
  "Cat food allergy symptoms include itching.",
  "The cat sat on the mat.",
  "Dogs can have a food allergy too.",
];
const query = "cat food allergy";
const topN = 2;

useOfflineLlamaIndexSettings();
const rerank = useRerankServer();
let index: VectorStoreIndex;
beforeAll(async () => {
  index = await VectorStoreIndex.fromDocuments(texts.map((text, n) => new Document({ id_: `doc-${n}`, text })));
});

const reranker = () => new QwenRerank({ apiKey: "test-key", baseURL: rerank.baseURL, topN, maxRetries: 0 });
const sourceTexts = (output: JSONValue) =>
  ((output as { sourceNodes: Array<{ node: { text: string } }> }).sourceNodes ?? []).map(({ node }) => node.text);

describe("LlamaIndex query tools", () => {
  it("index.queryTool({ options: { nodePostprocessors } }) sends no rerank request: LlamaIndex drops the option", async () => {
    const tool = index.queryTool({
      options: { nodePostprocessors: [reranker()], similarityTopK: texts.length },
      includeSourceNodes: true,
    });
    const output = await tool.call({ query });
    expect(rerank.server.calls).toHaveLength(0);
    // Not reranked: every retrieved node is there, not topN of them.
    expect(sourceTexts(output)).toHaveLength(texts.length);
  });

  it("new QueryEngineTool({ queryEngine: index.asQueryEngine({ nodePostprocessors }) }) reranks", async () => {
    const tool = new QueryEngineTool({
      queryEngine: index.asQueryEngine({ nodePostprocessors: [reranker()], similarityTopK: texts.length }),
      metadata: { name: "cat_facts", description: "Answers questions about cats." },
      includeSourceNodes: true,
    });
    const output = await tool.call({ query });
    expect(rerank.server.calls).toHaveLength(1);
    const sent = (rerank.server.calls[0]!.body as { input: { query: unknown; documents: Array<{ text: string }> } })
      .input;
    expect(sent.query).toBe(query);
    const ranking = expectedRanking(query, sent.documents, { topN });
    expect(sourceTexts(output)).toEqual(ranking.map(({ index: position }) => sent.documents[position]!.text));
  });
});
