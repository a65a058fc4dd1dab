import { describe, expect, it } from "vitest";
import { useRerankServer } from "./vitest/index.js";

const native = "/api/v1/services/rerank/text-rerank/text-rerank";
const { post } = useRerankServer({ limits: { "my-vl": { kind: "multimodal", image: 2 } } });

const vl = (documents: unknown[], extra: Record<string, unknown> = {}) => ({
  model: "qwen3-vl-rerank",
  input: { query: "q", documents },
  ...extra,
});
const text = (input: unknown, parameters?: unknown) => ({
  model: "qwen3-rerank",
  input,
  ...(parameters === undefined ? {} : { parameters }),
});
const png = "data:image/png;base64,iVBORw0KGgo=";
const repeat = (count: number, document: unknown) => Array.from({ length: count }, () => document);

describe("400 InvalidParameter", () => {
  const cases: [name: string, body: unknown][] = [
    ["a non-JSON body", "{not json"],
    ["a JSON array body", "[]"],
    ["a missing model", { input: { query: "q", documents: ["a"] } }],
    ["a missing input", { model: "qwen3-rerank" }],
    ["a missing query", text({ documents: ["a"] })],
    ["an empty query", text({ query: "", documents: ["a"] })],
    ["missing documents", text({ query: "q" })],
    ["empty documents", text({ query: "q", documents: [] })],
    ["an object document for a text model", text({ query: "q", documents: [{ text: "a" }] })],
    ["an object query for a text model", text({ query: { text: "q" }, documents: ["a"] })],
    ["a number document", vl([42])],
    ["an empty object document", vl([{}])],
    ["an unknown document key", vl([{ text: "a", audio: "https://x.test/a.mp3" }])],
    ["a non-string text", vl([{ text: 1 }])],
    ["an image that is neither URL nor data URI", vl([{ image: "cat.png" }])],
    ["an ftp image URL", vl([{ image: "ftp://x.test/cat.png" }])],
    ["a data URI of an undocumented format", vl([{ image: "data:image/gif;base64,R0lGOD=" }])],
    ["a data URI that is not base64", vl([{ image: "data:image/png,rawbytes" }])],
    ["a base64 video", vl([{ video: "data:video/mp4;base64,AAAA" }])],
    [
      "a video query",
      { model: "qwen3-vl-rerank", input: { query: { video: "https://x.test/v.mp4" }, documents: ["a"] } },
    ],
    ["top_n 0", text({ query: "q", documents: ["a"] }, { top_n: 0 })],
    ["a fractional top_n", text({ query: "q", documents: ["a"] }, { top_n: 1.5 })],
    ["a string top_n", text({ query: "q", documents: ["a"] }, { top_n: "2" })],
    ["a string return_documents", text({ query: "q", documents: ["a"] }, { return_documents: "yes" })],
    ["fps above 1", vl(["a"], { parameters: { fps: 2 } })],
    ["negative fps", vl(["a"], { parameters: { fps: -0.1 } })],
    ["a non-object parameters", text({ query: "q", documents: ["a"] }, [])],
  ];

  it.each(cases)("for %s", async (_name, body) => {
    const response = await post(native, body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      request_id: expect.any(String),
      code: "InvalidParameter",
      message: expect.any(String),
    });
  });

  it("accepts every documented image format as a data URI, plus URLs, mixed documents and strings", async () => {
    const formats = ["jpeg", "jpg", "png", "webp", "bmp", "tiff", "x-icon", "icns", "sgi"];
    const documents = [
      ...formats.map((format) => ({ image: `data:image/${format};base64,AAAA` })),
      { text: "caption", image: "https://x.test/a.jpg", video: "https://x.test/v.mov" },
      "plain string",
    ];
    const response = await post(
      native,
      vl(documents, { parameters: { fps: 0.5, instruct: "x", top_n: 1, unknown: 1 } }),
    );
    expect(response.status).toBe(200);
  });
});

// docs/dashscope-api.md §2.2
describe("models and caps", () => {
  it("answers 404 ModelNotFound for an unknown model", async () => {
    const response = await post(native, { model: "gte-rerank", input: { query: "q", documents: ["a"] } });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: "ModelNotFound" });
  });

  it.each([
    ["image", 40, { image: png }],
    ["video", 4, { video: "https://x.test/v.mp4" }],
    ["text", 100, { text: "t" }],
  ])("allows %s documents up to %i for qwen3-vl-rerank, not one more", async (_modality, cap, document) => {
    expect((await post(native, vl(repeat(cap, document)))).status).toBe(200);
    const over = await post(native, vl(repeat(cap + 1, document)));
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ code: "InvalidParameter", message: expect.stringContaining(`${cap}`) });
  });

  it("counts a mixed document under each modality it carries", async () => {
    const mixed = { text: "t", image: png };
    expect((await post(native, vl([...repeat(39, { image: png }), mixed]))).status).toBe(200);
    expect((await post(native, vl([...repeat(40, { image: png }), mixed]))).status).toBe(400);
  });

  it("caps text models at 500 documents, and applies limit overrides", async () => {
    expect((await post(native, text({ query: "q", documents: repeat(500, "a") }))).status).toBe(200);
    expect((await post(native, text({ query: "q", documents: repeat(501, "a") }))).status).toBe(400);
    const custom = { model: "my-vl", input: { query: "q", documents: repeat(3, { image: png }) } };
    expect((await post(native, custom)).status).toBe(400);
  });
});
