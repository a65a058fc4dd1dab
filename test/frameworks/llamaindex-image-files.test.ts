import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { InvalidArgumentError } from "@qwen-rerank/core";
import { QwenRerank, type QwenRerankOptions, type RerankEndEvent } from "@qwen-rerank/llamaindex";
import { expectedRanking } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import {
  ImageDocument,
  type ImageNode,
  ModalityType,
  type NodeWithScore,
  Settings,
  SimpleVectorStore,
  storageContextFromDefaults,
  VectorStoreIndex,
} from "llamaindex";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useOfflineLlamaIndexSettings } from "../support/llamaindex-offline.js";
import { FileNameEmbedding } from "./support/file-name-embedding.js";
import { onePixelPng, pngDataUri } from "./support/one-pixel-png.js";

// Issue "Real payloads" (6): the usual multimodal flow, end to end. Image files become ImageDocuments (`image` and
// `metadata.file_path` = the path), a VectorStoreIndex with an image store embeds them, and a query engine reranks
// what it retrieved. After retrieval LlamaIndex has rewritten each node's `image` to file://<cwd>/<id_>.

const pictures = [
  { name: "red-apple", caption: "red apple", rgb: [220, 20, 30] },
  { name: "green-pear", caption: "green pear", rgb: [40, 200, 60] },
  { name: "blue-bicycle", caption: "blue bicycle", rgb: [30, 60, 220] },
  { name: "red-bicycle", caption: "red bicycle", rgb: [200, 40, 40] },
] as const;
const bytes = pictures.map(({ rgb: [red, green, blue] }) => onePixelPng(red, green, blue));
const dataUris = bytes.map(pngDataUri);
// Each file's bytes are distinct, so the server can tell the data URIs apart and score them by what they show.
const captions = Object.fromEntries(pictures.map(({ caption }, index) => [dataUris[index]!, caption]));
const query = "red bicycle";
const topN = 2;

useOfflineLlamaIndexSettings();
const rerank = useRerankServer({ captions });
let folder: string;
let files: string[];
let index: VectorStoreIndex;

beforeAll(async () => {
  // Settings.embedModel is set by the hook above (hooks run in order); the image store needs a multimodal one.
  Settings.embedModel = new FileNameEmbedding();
  folder = await realpath(await mkdtemp(path.join(tmpdir(), "qwen-rerank-pictures-")));
  files = pictures.map(({ name }) => path.join(folder, `${name}.png`));
  await Promise.all(files.map((file, position) => writeFile(file, bytes[position]!)));
  const documents = files.map((file) => new ImageDocument({ image: file, metadata: { file_path: file } }));
  const storageContext = await storageContextFromDefaults({
    vectorStores: { [ModalityType.IMAGE]: new SimpleVectorStore() },
  });
  index = await VectorStoreIndex.fromDocuments(documents, { storageContext });
});
afterAll(() => rm(folder, { recursive: true, force: true }));

/** A query engine over every picture (LlamaIndex retrieves 2 images by default), reranked by QwenRerank. */
function engine(options: QwenRerankOptions, seen: RerankEndEvent[]) {
  const reranker = new QwenRerank({
    apiKey: "test-key",
    baseURL: rerank.baseURL,
    maxRetries: 0,
    topN,
    onRerankEnd: (event) => seen.push(event),
    ...options,
  });
  const retriever = index.asRetriever({
    topK: { [ModalityType.TEXT]: pictures.length, [ModalityType.IMAGE]: pictures.length, [ModalityType.AUDIO]: 0 },
  });
  return index.asQueryEngine({ retriever, nodePostprocessors: [reranker] });
}

const filePathOf = ({ node }: NodeWithScore) => String(node.metadata.file_path);
const sentDocuments = () =>
  (rerank.server.calls[0]!.body as { input: { documents: Array<{ image?: string }> } }).input.documents;

describe("image files → ImageDocument → VectorStoreIndex → query engine with QwenRerank", () => {
  it("sends the files as data URIs and returns the server's ranking, without a warning, when allowedLocalRoots is set", async () => {
    const seen: RerankEndEvent[] = [];
    const nodes = await engine({ allowedLocalRoots: [folder] }, seen).retrieve(query);

    // The situation the fix is for: LlamaIndex no longer holds the path in node.image.
    const image = (seen[0]!.nodes[0]!.node as ImageNode).image;
    expect(String(image)).toBe(`file://${path.resolve(seen[0]!.nodes[0]!.node.id_)}`);
    expect(String(image)).not.toContain(folder);

    expect(rerank.server.calls).toHaveLength(1);
    const sent = sentDocuments();
    expect([...sent].map(({ image: uri }) => uri).sort()).toEqual([...dataUris].sort());
    const ranking = expectedRanking(query, sent, { topN, captions });
    const fileOfUri = (uri: string | undefined) => files[dataUris.indexOf(uri!)];
    expect(nodes.map(filePathOf)).toEqual(ranking.map(({ index: position }) => fileOfUri(sent[position]!.image)));
    expect(nodes.map(({ score }) => score)).toEqual(ranking.map(({ score }) => score));
    expect(nodes.map(filePathOf)[0]).toBe(path.join(folder, "red-bicycle.png"));
    expect(seen[0]!.warnings).toEqual([]);
  });

  it("answers query() from the reranked source nodes", async () => {
    const seen: RerankEndEvent[] = [];
    const response = await engine({ allowedLocalRoots: [folder] }, seen).query({ query });
    expect(response.toString()).toBe("mock answer");
    expect(response.sourceNodes?.map(filePathOf)).toEqual(seen[0]!.nodes.map(filePathOf));
    expect(response.sourceNodes?.map(filePathOf)[0]).toBe(path.join(folder, "red-bicycle.png"));
    expect(rerank.server.calls).toHaveLength(1);
  });

  it("without allowedLocalRoots, never fails the query and says which folder to allow", async () => {
    const seen: RerankEndEvent[] = [];
    const nodes = await engine({}, seen).retrieve(query);

    // Nothing could be sent (the nodes have no text), so nothing was; every node is still there, ranked last with 0.
    expect(nodes).toHaveLength(topN);
    expect(rerank.server.calls).toHaveLength(0);
    const details = seen[0]!.warnings.map((warning) => warning.details).join("\n");
    expect(seen[0]!.warnings).toContainEqual({
      type: "other",
      feature: "allowedLocalRoots",
      details: expect.stringContaining(`set allowedLocalRoots to the folder(s) they are in: ${JSON.stringify(folder)}`),
    });
    // The core's own warning names the real files, not the file://<cwd>/<id_> LlamaIndex put in node.image.
    const named = (details.match(/"[^"]+"(?= is a local path)/g) ?? []).map((quoted) => JSON.parse(quoted) as string);
    expect(named.length).toBeGreaterThan(0);
    for (const file of named) expect(files).toContain(file);
    expect(details).not.toContain(process.cwd());
  });

  it("under invalidMedia: error without roots, refuses with a message naming the real file", async () => {
    const error = await engine({ invalidMedia: "error" }, [])
      .retrieve(query)
      .catch((caught: unknown) => caught);
    expect(error).toSatisfy(InvalidArgumentError.isInstance);
    expect((error as Error).message).toMatch(/is a local path; local files are read only from folders listed/);
    expect(files.some((file) => (error as Error).message.includes(file))).toBe(true);
    expect(rerank.server.calls).toHaveLength(0);
  });

  it("with roots that do not hold the files, leaves them out as outside the roots, without the hint", async () => {
    const elsewhere = await mkdtemp(path.join(tmpdir(), "qwen-rerank-elsewhere-"));
    try {
      const seen: RerankEndEvent[] = [];
      await engine({ allowedLocalRoots: [elsewhere] }, seen).retrieve(query);
      const details = seen[0]!.warnings.map((warning) => warning.details).join("\n");
      expect(details).toMatch(/outside the allowed roots/);
      expect(seen[0]!.warnings.map(({ feature }) => feature)).not.toContain("allowedLocalRoots");
      expect(rerank.server.calls).toHaveLength(0);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});
