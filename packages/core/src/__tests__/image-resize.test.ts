import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDashScope, createVLLM, type RerankModel, rerank } from "../index.js";

const apiKey = "sk-test-0123456789abcdef";
const cap = 1_843_200;

/** A photo-like image: Gaussian noise over a mid grey, which JPEG cannot squeeze much. */
const noise = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({
    create: { width, height, channels, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } },
  });

/** What a data: URI on the wire decodes to. */
async function decoded(uri: string) {
  const match = /^data:(image\/[a-z]+);base64,(.*)$/s.exec(uri);
  if (!match) throw new Error(`not a data URI: ${uri.slice(0, 40)}`);
  const bytes = Buffer.from(match[2]!, "base64");
  const { width = 0, height = 0, format, hasAlpha, orientation } = await sharp(bytes).metadata();
  return { mimeType: match[1]!, bytes, width, height, format, hasAlpha, orientation };
}

describe("inline images over the model's pixel cap are resized before they are sent (docs/dashscope-api.md §7.1)", () => {
  const context = useRerankServer({ apiKey });
  const model = () => createDashScope({ apiKey, baseURL: context.baseURL }).rerankModel("qwen3-vl-rerank");
  const sentDocuments = () =>
    (context.server.calls[0]!.body as { input: { documents: Array<{ image?: string; text?: string }> } }).input
      .documents;
  let photo: Buffer; // 4032×3024 JPEG, 12.2 megapixels
  let alphaPng: Buffer; // 3000×2000 PNG with an alpha channel
  let small: Buffer; // 800×600 JPEG, under the cap
  let root: string;

  beforeAll(async () => {
    [photo, alphaPng, small] = await Promise.all([
      noise(4032, 3024).jpeg({ quality: 90 }).toBuffer(),
      // Flat colour, half transparent: PNG compresses it at once, where noise would take seconds.
      sharp({ create: { width: 3000, height: 2000, channels: 4, background: { r: 200, g: 40, b: 40, alpha: 0.5 } } })
        .png()
        .toBuffer(),
      noise(800, 600).jpeg({ quality: 90 }).toBuffer(),
    ]);
    root = await mkdtemp(path.join(tmpdir(), "qwen-rerank-images-"));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("sends a 12-megapixel photo as a JPEG within the cap, its aspect kept, and a small image byte for byte", async () => {
    const { results, warnings } = await rerank({
      model: model(),
      query: "a photo",
      documents: [{ image: photo }, { image: small }, { image: "https://example.com/big.jpg" }],
    });
    expect(results).toHaveLength(3);
    expect(warnings).toEqual([]);
    const [resized, kept, url] = sentDocuments();
    const image = await decoded(resized!.image!);
    expect(image.format).toBe("jpeg");
    expect(image.width * image.height).toBeLessThanOrEqual(cap);
    // The largest 4:3 size within the cap, to the pixel.
    expect([image.width, image.height]).toEqual([1567, 1175]);
    expect(Math.abs(image.width / image.height - 4032 / 3024)).toBeLessThan(0.002);
    expect(image.bytes.byteLength).toBeLessThan(photo.byteLength / 3);
    expect(kept!.image).toBe(`data:image/jpeg;base64,${small.toString("base64")}`);
    expect(url).toEqual({ image: "https://example.com/big.jpg" });
  });

  it("sends images as they are with imageResize: false, and to another cap with imageResize: { maxPixels }", async () => {
    await rerank({ model: model(), query: "a photo", documents: [{ image: photo }], imageResize: false });
    expect(sentDocuments()[0]!.image).toBe(`data:image/jpeg;base64,${photo.toString("base64")}`);
    context.server.reset();
    await rerank({
      model: model(),
      query: "a photo",
      documents: [{ image: photo }],
      imageResize: { maxPixels: 120_000 },
    });
    const image = await decoded(sentDocuments()[0]!.image!);
    expect(image.width * image.height).toBeLessThanOrEqual(120_000);
    const error = await rerank({ model: model(), query: "q", documents: ["a"], imageResize: { maxPixels: 0 } }).catch(
      (e) => e,
    );
    expect((error as Error).message).toMatch(/^Invalid argument imageResize/);
  });

  it("keeps PNG with its alpha channel, and takes ArrayBuffers, Blobs, data: URIs and local files alike", async () => {
    const file = path.join(root, "photo.jpg");
    await writeFile(file, photo);
    const arrayBuffer = new Uint8Array(photo).buffer; // a copy: the Buffer may sit in a shared pool
    const documents = [
      { image: alphaPng },
      { image: arrayBuffer },
      { image: new Blob([new Uint8Array(photo)]) },
      { image: `data:image/jpeg;base64,${photo.toString("base64")}` },
      { image: file },
    ];
    await rerank({ model: model(), query: "a photo", documents, allowedLocalRoots: [root], dedupe: false });
    const [png, ...photos] = await Promise.all(sentDocuments().map(({ image }) => decoded(image!)));
    expect(png).toMatchObject({ mimeType: "image/png", format: "png", hasAlpha: true });
    expect(png!.width * png!.height).toBeLessThanOrEqual(cap);
    expect(Math.abs(png!.width / png!.height - 1.5)).toBeLessThan(0.002);
    for (const image of photos) expect(image).toMatchObject({ mimeType: "image/jpeg", width: 1567, height: 1175 });
  });

  it("re-encodes a PNG photo as JPEG, and keeps a PNG of few colours (a palette) as PNG", async () => {
    const [pngPhoto, palette] = await Promise.all([
      noise(2400, 1800).png({ compressionLevel: 1 }).toBuffer(),
      sharp({ create: { width: 3000, height: 2000, channels: 3, background: "#2050a0" } })
        .png({ palette: true })
        .toBuffer(),
    ]);
    await rerank({ model: model(), query: "a chart", documents: [{ image: pngPhoto }, { image: palette }] });
    const [photoSent, paletteSent] = await Promise.all(sentDocuments().map(({ image }) => decoded(image!)));
    expect(photoSent).toMatchObject({ mimeType: "image/jpeg", width: 1567, height: 1175 });
    expect(paletteSent).toMatchObject({ mimeType: "image/png", format: "png" });
    expect(paletteSent!.width * paletteSent!.height).toBeLessThanOrEqual(cap);
  });

  it("resizes an image query too, and sends a small data: URI exactly as given", async () => {
    const uri = `data:image/jpeg;base64,${small.toString("base64")}`;
    await rerank({ model: model(), query: { image: photo }, documents: [{ image: uri }] });
    const body = context.server.calls[0]!.body as { input: { query: { image: string } } };
    expect(await decoded(body.input.query.image)).toMatchObject({ width: 1567, height: 1175 });
    expect(sentDocuments()[0]!.image).toBe(uri);
  });

  it("turns a photo upright from its EXIF orientation, since the re-encoded image carries none", async () => {
    // 2000×1500 as stored, 1500×2000 upright: 3 megapixels, resized to the same 1,567-pixel long side.
    const sideways = await noise(2000, 1500).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    await rerank({ model: model(), query: "a photo", documents: [{ image: sideways }] });
    const image = await decoded(sentDocuments()[0]!.image!);
    expect([image.width, image.height]).toEqual([1175, 1567]);
    expect(image.orientation).toBeUndefined();
  });

  it("follows the model's cap, and leaves images alone for a model that declares none", async () => {
    expect(model().limits.maxImagePixels).toBe(cap);
    expect(createVLLM({ baseURL: context.url }).rerankModel("Qwen/Qwen3-VL-Reranker-2B").limits.maxImagePixels).toBe(
      cap,
    );
    const base = model();
    const withCap = (maxImagePixels: number | undefined): RerankModel => ({
      ...base,
      limits: { ...base.limits, maxImagePixels },
    });
    await rerank({ model: withCap(300_000), query: "a photo", documents: [{ image: photo }, { image: small }] });
    const [photoSent, smallSent] = await Promise.all(sentDocuments().map(({ image }) => decoded(image!)));
    expect([photoSent!.width, photoSent!.height]).toEqual([632, 474]);
    expect(smallSent!.width * smallSent!.height).toBeLessThanOrEqual(300_000);
    context.server.reset();
    await rerank({ model: withCap(undefined), query: "a photo", documents: [{ image: photo }] });
    expect(sentDocuments()[0]!.image).toBe(`data:image/jpeg;base64,${photo.toString("base64")}`);
  });
});
