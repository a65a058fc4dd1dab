import { Document } from "@langchain/core/documents";
import { tinyPngDataUri as png } from "@qwen-rerank/core/test";
import { describe, expect, it } from "vitest";
import { toRerankDocument } from "./to-rerank-document.js";

describe("toRerankDocument", () => {
  it.each([
    ["text only", { pageContent: "hello" }, { text: "hello" }],
    ["image key", { pageContent: "", metadata: { image: "https://x.test/a.jpg" } }, { image: "https://x.test/a.jpg" }],
    [
      "imageUrl key, with text",
      { pageContent: "cap", metadata: { imageUrl: "https://x.test/a.jpg" } },
      { text: "cap", image: "https://x.test/a.jpg" },
    ],
    [
      "image_url key",
      { pageContent: "", metadata: { image_url: "https://x.test/a.jpg" } },
      { image: "https://x.test/a.jpg" },
    ],
    [
      "video keys",
      { pageContent: "", metadata: { videoUrl: "https://x.test/v.mp4" } },
      { video: "https://x.test/v.mp4" },
    ],
    ["data-URL pageContent", { pageContent: `  ${png}\n` }, { image: png }],
    [
      "metadata image beats a data-URL pageContent",
      { pageContent: png, metadata: { image: "https://x.test/a.jpg" } },
      { image: "https://x.test/a.jpg" },
    ],
    [
      "blank values are skipped",
      { pageContent: "t", metadata: { image: " ", imageUrl: null, image_url: "https://x.test/b.jpg" } },
      { text: "t", image: "https://x.test/b.jpg" },
    ],
    ["blank text is dropped", { pageContent: "   ", metadata: {} }, {}],
  ])("%s", (_name, fields, expected) => {
    expect(toRerankDocument(new Document(fields))).toEqual(expected);
  });

  it("passes bytes and URL objects through for the core to resolve", () => {
    const bytes = new Uint8Array([1, 2]);
    const url = new URL("https://x.test/a.png");
    expect(toRerankDocument(new Document({ pageContent: "", metadata: { image: bytes } }))).toEqual({ image: bytes });
    expect(toRerankDocument(new Document({ pageContent: "", metadata: { image: url } })).image).toBe(url);
  });

  it("reads only the configured keys", () => {
    const document = new Document({
      pageContent: "t",
      metadata: { image: "https://x.test/a.jpg", thumb: "https://x.test/t.jpg", clip: "https://x.test/c.mp4" },
    });
    expect(toRerankDocument(document, { imageMetadataKeys: ["thumb"], videoMetadataKeys: [] })).toEqual({
      text: "t",
      image: "https://x.test/t.jpg",
    });
    expect(toRerankDocument(document, { imageMetadataKeys: [], videoMetadataKeys: ["clip"] })).toEqual({
      text: "t",
      video: "https://x.test/c.mp4",
    });
  });
});
