import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { MessageContent } from "@llamaindex/core/llms";
import { ImageDocument, ImageNode, type NodeWithScore, TextNode } from "@llamaindex/core/schema";
import { InvalidArgumentError } from "@qwen-rerank/core";
import { tinyPng, tinyPngDataUri } from "@qwen-rerank/core/test";
import { expectedRanking } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { QwenRerank, type QwenRerankOptions, type RerankEndEvent } from "./index.js";

const appleUrl = "https://img.example.com/red-apple.png";
const bikeUrl = "https://img.example.com/blue-bicycle.jpg";

// Data URIs carry no file name, so a caption tells the lexical scorer what the tiny PNG "shows".
const rerank = useRerankServer({ captions: { [tinyPngDataUri]: "green pear" } });
let root: string;
let outside: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "qwen-rerank-root-"));
  outside = await mkdtemp(path.join(tmpdir(), "qwen-rerank-outside-"));
  await writeFile(path.join(root, "pear.png"), tinyPng);
  await writeFile(path.join(outside, "secret.png"), tinyPng);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const reranker = (options: QwenRerankOptions = {}) =>
  new QwenRerank({ apiKey: "test-key", baseURL: rerank.baseURL, maxRetries: 0, topN: 10, ...options });
const body = () => rerank.server.calls.at(-1)?.body as { input: { query: unknown; documents: unknown[] } };
const withScores = (nodes: Array<TextNode>): NodeWithScore[] => nodes.map((node) => ({ node, score: 0.5 }));

describe("image nodes reach the server as images", () => {
  it("a URL, a data URL string, a Blob and a file inside an allowed root", async () => {
    const nodes = withScores([
      new ImageNode({ id_: "url", image: new URL(appleUrl) }),
      new ImageNode({ id_: "data-url", image: tinyPngDataUri }),
      new ImageNode({ id_: "blob", image: new Blob([tinyPng], { type: "image/png" }) }),
      new ImageDocument({ id_: "file", image: path.join(root, "pear.png") }),
      new ImageNode({ id_: "file-url", image: pathToFileURL(path.join(root, "pear.png")) }),
      new ImageNode({ id_: "http-string", image: bikeUrl }),
    ]);
    // dedupe off: the core would otherwise send the four copies of the PNG once.
    const result = await reranker({ allowedLocalRoots: [root], dedupe: false }).postprocessNodes(nodes, "green pear");

    const sent = [appleUrl, tinyPngDataUri, tinyPngDataUri, tinyPngDataUri, tinyPngDataUri, bikeUrl].map((image) => ({
      image,
    }));
    expect(body().input.documents).toEqual(sent);
    const expected = expectedRanking("green pear", sent, { topN: 10, captions: { [tinyPngDataUri]: "green pear" } });
    expect(result.map(({ node }) => node.id_)).toEqual(expected.map(({ index }) => nodes[index]!.node.id_));
    expect(
      result
        .slice(0, 4)
        .map(({ node }) => node.type)
        .sort(),
    ).toEqual(["IMAGE", "IMAGE", "IMAGE", "IMAGE_DOCUMENT"]);
  });

  it("ranks image nodes against a text query by what they show", async () => {
    const nodes = withScores([
      new TextNode({ id_: "text", text: "A recipe for apple pie." }),
      new ImageNode({ id_: "bike", image: bikeUrl }),
      new ImageNode({ id_: "apple", image: appleUrl }),
    ]);
    const result = await reranker().postprocessNodes(nodes, "red apple");
    expect(result.map(({ node }) => node.id_)).toEqual(
      expectedRanking("red apple", [{ text: "A recipe for apple pie." }, { image: bikeUrl }, { image: appleUrl }], {
        topN: 10,
      }).map(({ index }) => nodes[index]!.node.id_),
    );
    expect(result[0]!.node.id_).toBe("apple");
  });

  it("never reads a file outside the allowed roots: skipped with a warning by default, refused under invalidMedia: error", async () => {
    const secret = path.join(outside, "secret.png");
    const cases: Array<[ImageNode, QwenRerankOptions]> = [
      [new ImageNode({ image: secret }), { allowedLocalRoots: [root] }],
      [new ImageNode({ image: pathToFileURL(secret) }), { allowedLocalRoots: [root] }],
      [
        new ImageNode({ image: path.join(root, "..", path.basename(outside), "secret.png") }),
        { allowedLocalRoots: [root] },
      ],
    ];
    for (const [node, options] of cases) {
      const error = await reranker({ ...options, invalidMedia: "error" })
        .postprocessNodes(withScores([node]), "pear")
        .catch((caught: unknown) => caught);
      expect(error).toSatisfy(InvalidArgumentError.isInstance);
      expect(String(error)).toMatch(/allowed roots|allowedLocalRoots/);
    }
    expect(rerank.server.calls).toHaveLength(0);
    const onRerankEnd = vi.fn<(event: RerankEndEvent) => void>();
    for (const [node, options] of cases) {
      const ranked = await reranker({ ...options, onRerankEnd }).postprocessNodes(withScores([node]), "pear");
      expect(ranked).toHaveLength(1);
    }
    // Nothing was left to score, so nothing was sent; each call said why.
    expect(rerank.server.calls).toHaveLength(0);
    for (const [event] of onRerankEnd.mock.calls) {
      expect(event.warnings).toContainEqual(
        expect.objectContaining({ feature: "media", details: expect.stringMatching(/allowed roots/) }),
      );
    }
  });

  it("sends the caption too only when mixedContent asks for it", async () => {
    const node = new ImageNode({ image: appleUrl, text: "a red apple on a table" });
    await reranker().postprocessNodes(withScores([node]), "apple");
    expect(body().input.documents).toEqual([{ image: appleUrl }]);
    await reranker({ mixedContent: "both" }).postprocessNodes(withScores([node]), "apple");
    expect(body().input.documents).toEqual([{ text: "a red apple on a table", image: appleUrl }]);
  });

  it("keepRetrievalScore copies image nodes, even a URL image that node.clone() cannot copy", async () => {
    const nodes = withScores([
      new ImageNode({ id_: "url", image: new URL(appleUrl), metadata: { a: 1 } }),
      new ImageNode({ id_: "blob", image: new Blob([tinyPng]) }),
    ]);
    const result = await reranker({ keepRetrievalScore: true }).postprocessNodes(nodes, "red apple");
    for (const { node } of result) {
      const original = nodes.find((item) => item.node.id_ === node.id_)!.node as ImageNode;
      expect(node).not.toBe(original);
      expect(node.type).toBe("IMAGE");
      expect(String((node as ImageNode).image)).toBe(String(original.image));
      expect(node.metadata.retrieval_score).toBe(0.5);
      expect(original.metadata).not.toHaveProperty("retrieval_score");
    }
  });
});

describe("images in metadata", () => {
  it("image_url, imageUrl, image and an image file_path make text nodes image documents", async () => {
    const nodes = withScores([
      new TextNode({ text: "one", metadata: { image_url: appleUrl } }),
      new TextNode({ text: "two", metadata: { imageUrl: new URL(bikeUrl) } }),
      new TextNode({ text: "three", metadata: { image: tinyPngDataUri } }),
      new TextNode({ text: "four", metadata: { file_path: path.join(root, "pear.png") } }),
      new TextNode({ text: "five", metadata: { file_path: path.join(root, "notes.pdf"), image: "cover" } }),
    ]);
    await reranker({ allowedLocalRoots: [root], dedupe: false }).postprocessNodes(nodes, "pear");
    expect(body().input.documents).toEqual([
      { image: appleUrl },
      { image: bikeUrl },
      { image: tinyPngDataUri },
      { image: tinyPngDataUri },
      { text: "five" },
    ]);
  });

  it("never reads an ImageNode's local path without roots: it falls back to an image URL in metadata, else skips with a warning", async () => {
    const onRerankEnd = vi.fn<(event: RerankEndEvent) => void>();
    // What VectorIndexRetriever hands over: `image` rewritten to file://<cwd>/<id_>, the real URL still in metadata.
    const retrieved = new ImageNode({
      id_: "pear-photo",
      image: pathToFileURL(path.join(outside, "secret.png")),
      metadata: { image_url: appleUrl },
    });
    const bare = new ImageNode({ image: path.join(root, "pear.png"), text: "a pear" });
    const result = await reranker({ onRerankEnd, dedupe: false }).postprocessNodes(
      withScores([retrieved, bare]),
      "pear",
    );
    expect(result).toHaveLength(2);
    expect(body().input.documents).toEqual([{ image: appleUrl }, { text: "a pear" }]);
    expect(onRerankEnd.mock.calls[0]![0].warnings).toContainEqual(
      expect.objectContaining({ details: expect.stringMatching(/allowedLocalRoots/) }),
    );
  });

  it("sends an ImageNode's first usable image: node.image, then its metadata keys", async () => {
    const pear = path.join(root, "pear.png");
    // What VectorIndexRetriever hands over: `image` rewritten to a file://<cwd>/<id_> that does not exist.
    const rewritten = pathToFileURL(path.join(process.cwd(), "3f6c2a7e-not-a-file"));
    const nodes = withScores([
      new ImageNode({ id_: "rewritten", image: rewritten, metadata: { file_path: pear } }),
      new ImageNode({ id_: "remote", image: appleUrl, metadata: { file_path: pear } }),
      new ImageNode({ id_: "outside", image: path.join(outside, "secret.png"), metadata: { image_url: bikeUrl } }),
      new ImageNode({ id_: "order", image: rewritten, metadata: { image: "N/A", imageUrl: bikeUrl, file_path: pear } }),
    ]);
    const onRerankEnd = vi.fn<(event: RerankEndEvent) => void>();
    await reranker({ allowedLocalRoots: [root], dedupe: false, onRerankEnd }).postprocessNodes(nodes, "pear");
    expect(body().input.documents).toEqual([
      { image: tinyPngDataUri },
      { image: appleUrl },
      { image: bikeUrl },
      { image: bikeUrl },
    ]);
    expect(onRerankEnd.mock.calls[0]![0].warnings).toEqual([]);
  });

  it("without roots, names the folder of a local image it left out, and the real file, not node.image", async () => {
    const pear = path.join(root, "pear.png");
    const rewritten = pathToFileURL(path.join(process.cwd(), "3f6c2a7e-not-a-file"));
    const onRerankEnd = vi.fn<(event: RerankEndEvent) => void>();
    const nodes = withScores([new ImageNode({ image: rewritten, text: "a pear", metadata: { file_path: pear } })]);
    await reranker({ onRerankEnd }).postprocessNodes(nodes, "pear");
    expect(body().input.documents).toEqual([{ text: "a pear" }]);
    const { warnings } = onRerankEnd.mock.calls[0]![0];
    expect(warnings).toContainEqual({
      type: "other",
      feature: "allowedLocalRoots",
      details: expect.stringContaining(
        `set allowedLocalRoots to the folder(s) they are in: ${JSON.stringify(await realpath(root))}`,
      ),
    });
    expect(warnings).toContainEqual(
      expect.objectContaining({ feature: "media", details: expect.stringContaining(`"${pear}"`) }),
    );
    expect(JSON.stringify(warnings)).not.toContain("3f6c2a7e");
  });

  it("skips a local path in metadata without allowedLocalRoots (with a warning) instead of failing", async () => {
    const onRerankEnd = vi.fn<(event: RerankEndEvent) => void>();
    const nodes = withScores([
      new TextNode({ text: "a pear", metadata: { file_path: path.join(outside, "secret.png") } }),
    ]);
    const result = await reranker({ onRerankEnd }).postprocessNodes(nodes, "pear");
    expect(result).toHaveLength(1);
    expect(body().input.documents).toEqual([{ text: "a pear" }]);
    expect(onRerankEnd.mock.calls[0]![0].warnings).toContainEqual(
      expect.objectContaining({ details: expect.stringMatching(/allowedLocalRoots/) }),
    );
  });

  it("a path in metadata outside the roots is never read: the node is ranked by its text", async () => {
    const nodes = withScores([
      new TextNode({ text: "a pear", metadata: { file_path: path.join(outside, "secret.png") } }),
    ]);
    await expect(
      reranker({ allowedLocalRoots: [root], invalidMedia: "error" }).postprocessNodes(nodes, "pear"),
    ).rejects.toSatisfy(InvalidArgumentError.isInstance);
    expect(rerank.server.calls).toHaveLength(0);
    const ranked = await reranker({ allowedLocalRoots: [root] }).postprocessNodes(nodes, "pear");
    expect(ranked).toHaveLength(1);
    expect(body().input.documents).toEqual([{ text: "a pear" }]);
  });

  it("a text-only model ranks image nodes by their text and says so", async () => {
    const onRerankEnd = vi.fn<(event: RerankEndEvent) => void>();
    const nodes = withScores([
      new ImageNode({ image: appleUrl, text: "red apple" }),
      new TextNode({ text: "green pear" }),
    ]);
    await reranker({ model: "qwen3-rerank", onRerankEnd }).postprocessNodes(nodes, "apple");
    expect(body().input.documents).toEqual(["red apple", "green pear"]);
    expect(onRerankEnd.mock.calls[0]![0].warnings).toContainEqual(
      expect.objectContaining({ feature: "media", details: expect.stringMatching(/takes text documents only/) }),
    );
  });
});

describe("multimodal queries", () => {
  const nodes = () =>
    withScores([new ImageNode({ id_: "bike", image: bikeUrl }), new ImageNode({ id_: "apple", image: appleUrl })]);

  it("an image_url part is sent as an image query; the text part is dropped with a warning", async () => {
    const onRerankEnd = vi.fn<(event: RerankEndEvent) => void>();
    const query: MessageContent = [
      { type: "text", text: "something like this" },
      { type: "image_url", image_url: { url: "https://img.example.com/apple-red.webp" } },
    ];
    const result = await reranker({ onRerankEnd }).postprocessNodes(nodes(), query);
    expect(body().input.query).toEqual({ image: "https://img.example.com/apple-red.webp" });
    expect(result[0]!.node.id_).toBe("apple");
    expect(onRerankEnd.mock.calls[0]![0].warnings).toContainEqual(
      expect.objectContaining({ feature: "query", details: expect.stringMatching(/image is sent/) }),
    );
  });

  it('an { type: "image", data, mimeType } part becomes a data URI', async () => {
    const data = Buffer.from(tinyPng).toString("base64");
    await reranker().postprocessNodes(nodes(), [{ type: "image", data, mimeType: "image/png" }]);
    expect(body().input.query).toEqual({ image: tinyPngDataUri });
  });

  it("text parts alone are joined into a text query", async () => {
    await reranker().postprocessNodes(nodes(), [
      { type: "text", text: "red" },
      { type: "text", text: "apple" },
    ]);
    expect(body().input.query).toBe("red\n\napple");
  });

  it("a text-only model sends the text of a mixed query, and refuses an image-only query", async () => {
    const textNodes = withScores([new TextNode({ text: "red apple" })]);
    const mixed: MessageContent = [
      { type: "text", text: "apple" },
      { type: "image_url", image_url: { url: appleUrl } },
    ];
    await reranker({ model: "qwen3-rerank" }).postprocessNodes(textNodes, mixed);
    expect(body().input.query).toBe("apple");
    await expect(reranker({ model: "qwen3-rerank" }).postprocessNodes(textNodes, [mixed[1]!])).rejects.toSatisfy(
      InvalidArgumentError.isInstance,
    );
  });
});
