import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { dashscopeModelLimits } from "../dashscope/dashscope-model-limits.js";
import type { RerankDocument, RerankQuery } from "../spec/rerank-document.js";
import { type LoadSharp, loadSharp } from "./load-sharp.js";
import { resolveDocuments } from "./resolve-documents.js";
import type { ResolveOptions } from "./resolve-options.js";
import { resolveQuery } from "./resolve-query.js";

const noSharp: LoadSharp = async () => undefined;

/** Options as prepare() builds them for qwen3-vl-rerank, one object per call. */
const optionsFor = (extra: Partial<ResolveOptions> = {}): ResolveOptions => ({
  limits: dashscopeModelLimits("qwen3-vl-rerank"),
  modelId: "qwen3-vl-rerank",
  mixedContent: "media",
  allowedLocalRoots: undefined,
  emptyDocuments: "error",
  invalidMedia: "error",
  ...extra,
});

/** The query and the documents resolved together, as prepare() does. */
async function resolveCall(query: RerankQuery, documents: RerankDocument[], options: ResolveOptions) {
  const [resolvedQuery, resolved] = await Promise.all([
    resolveQuery(query, options),
    resolveDocuments(documents, options),
  ]);
  return { query: resolvedQuery, ...resolved };
}

const noise = (width: number, height: number) =>
  sharp({
    create: { width, height, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 40 } },
  })
    .jpeg({ quality: 90 })
    .toBuffer();
const base64Length = (bytes: Uint8Array) => Math.ceil(bytes.byteLength / 3) * 4;
const asUri = (bytes: Buffer) => `data:image/jpeg;base64,${bytes.toString("base64")}`;

describe("resolving images against the model's pixel cap", () => {
  let photo: Buffer; // 2400×1800: 4.32 megapixels, over the cap
  let other: Buffer; // 2100×1600
  let small: Buffer; // 640×480

  beforeAll(async () => {
    [photo, other, small] = await Promise.all([noise(2400, 1800), noise(2100, 1600), noise(640, 480)]);
  });

  it("without sharp sends every image as it is, with ONE warning for the call, the query's image counted", async () => {
    const options = optionsFor({ loadSharp: noSharp });
    const documents = [{ image: photo }, { image: new Blob([other]) }, { image: small }, { image: asUri(other) }];
    const resolved = await resolveCall({ image: photo }, documents, options);
    expect(resolved.query).toEqual({ image: asUri(photo), imageSize: { width: 2400, height: 1800 } });
    expect(resolved.documents.map((document) => document.image)).toEqual([photo, other, small, other].map(asUri));
    expect(resolved.warnings).toHaveLength(1);
    const [warning] = resolved.warnings;
    const total = 2 * base64Length(photo) + 2 * base64Length(other);
    expect(warning).toMatchObject({ type: "other", feature: "imageResize" });
    expect(warning!.details).toContain("4 image(s) over qwen3-vl-rerank's 1,843,200-pixel cap were sent at full size");
    expect(warning!.details).toContain(`${(total / 1_000_000).toFixed(1)} MB of Base64`);
    expect(warning!.details).toContain("npm i sharp");
    // JPEG bytes scale about with the pixel count: each image's Base64 times cap / its pixels.
    const resizedEstimate = [photo, other, photo, other]
      .map((bytes, index) => Math.ceil((base64Length(bytes) * 1_843_200) / (index % 2 === 0 ? 4_320_000 : 3_360_000)))
      .reduce((sum, length) => sum + length, 0);
    expect(warning!.details).toContain(`about ${(resizedEstimate / 1_000_000).toFixed(1)} MB instead`);
  });

  it("knows every inline image's size from its header, and never loads sharp for images within the cap", async () => {
    let loads = 0;
    const counting: LoadSharp = async () => {
      loads++;
      return undefined;
    };
    const options = optionsFor({ loadSharp: counting });
    const resolved = await resolveCall(
      "a photo",
      [{ image: small }, { image: asUri(small) }, { image: "https://example.com/a.jpg" }],
      options,
    );
    expect(loads).toBe(0);
    expect(resolved.warnings).toEqual([]);
    expect(resolved.documents.map((document) => document.imageSize)).toEqual([
      { width: 640, height: 480 },
      { width: 640, height: 480 },
      undefined,
    ]);
  });

  it("imageResize: false sends images as they are and says nothing; settings set the cap and the JPEG quality", async () => {
    const off = await resolveCall("q", [{ image: photo }], optionsFor({ imageResize: false, loadSharp: noSharp }));
    expect(off.documents[0]).toEqual({ image: asUri(photo), imageSize: { width: 2400, height: 1800 } });
    expect(off.warnings).toEqual([]);
    const at = (jpegQuality?: number) =>
      resolveCall("q", [{ image: photo }], optionsFor({ imageResize: { maxPixels: 120_000, jpegQuality } }));
    const [standard, low] = await Promise.all([at(), at(40)]);
    expect(standard.documents[0]!.imageSize).toEqual({ width: 400, height: 300 });
    expect(low.documents[0]!.imageSize).toEqual({ width: 400, height: 300 });
    expect(low.documents[0]!.image!.length).toBeLessThan(standard.documents[0]!.image!.length * 0.8);
    const decoded = Buffer.from(standard.documents[0]!.image!.split(",")[1]!, "base64");
    expect(await sharp(decoded).metadata()).toMatchObject({ width: 400, height: 300, format: "jpeg" });
    const unresized = await resolveCall(
      "q",
      [{ image: small }],
      optionsFor({ imageResize: { maxPixels: 120_000 }, loadSharp: noSharp }),
    );
    expect(unresized.warnings[0]!.details).toMatch(
      /^1 image\(s\) over the 120,000-pixel cap of imageResize\.maxPixels/,
    );
  });

  it("sends an image sharp cannot decode as it is, and says so once", async () => {
    // A real header (so the size is known and over the cap) with the picture cut off.
    const truncated = photo.subarray(0, 4096);
    const resolved = await resolveCall("q", [{ image: truncated }, { image: photo }], optionsFor());
    expect(resolved.documents[0]).toEqual({ image: asUri(truncated), imageSize: { width: 2400, height: 1800 } });
    expect(resolved.documents[1]!.imageSize).toEqual({ width: 1567, height: 1175 });
    expect(resolved.warnings.map((warning) => warning.details)).toEqual([
      "1 image(s) over qwen3-vl-rerank's 1,843,200-pixel cap could not be decoded to resize; sent as they are.",
    ]);
  });

  it("accepts a photo over the 20 MiB Base64 limit once resized, and without sharp says what would fix it", async () => {
    // Bytes after the end-of-image marker: a 16 MB file whose picture is the 4.3-megapixel photo.
    const huge = Buffer.concat([photo, Buffer.alloc(16 * 1024 * 1024)]);
    const resized = await resolveCall("q", [{ image: huge }], optionsFor());
    expect(resized.documents[0]!.imageSize).toEqual({ width: 1567, height: 1175 });
    await expect(resolveCall("q", [{ image: huge }], optionsFor({ loadSharp: noSharp }))).rejects.toThrow(
      /documents\[0\]\.image: image is larger than the 20 MiB Base64 limit of one item\. Install the optional package sharp \(npm i sharp\)/,
    );
  });

  it("loads sharp once per process and caches it", async () => {
    const first = loadSharp();
    expect(loadSharp()).toBe(first);
    expect(await first).toBe(sharp);
  });
});
