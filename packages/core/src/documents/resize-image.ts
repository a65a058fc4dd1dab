import type { ImageSize } from "../spec/rerank-document.js";
import { fitWithin } from "./fit-within.js";
import type { SharpModule } from "./load-sharp.js";

/** The formats the prebuilt `sharp` decodes among those the API takes; BMP, ICO, ICNS and SGI go as they are. */
export const resizableTypes: ReadonlySet<string> = new Set(["image/jpeg", "image/png", "image/webp", "image/tiff"]);

export interface ResizedImage {
  bytes: Uint8Array;
  mimeType: "image/jpeg" | "image/png";
  size: ImageSize;
}

/**
 * Scales an image down to at most `maxPixels` pixels, upright (EXIF orientation applied, since the metadata that
 * carried it is not kept), and re-encodes it: PNG where JPEG would lose what the image is about (see
 * {@link keepsPng}), JPEG at `jpegQuality` otherwise.
 */
export async function resizeImage(
  sharp: SharpModule,
  source: { bytes: Uint8Array; mimeType: string },
  settings: { maxPixels: number; jpegQuality: number },
): Promise<ResizedImage> {
  const pipeline = sharp(source.bytes);
  const { width = 0, height = 0, orientation = 1, hasAlpha } = await pipeline.metadata();
  // Orientations 5 to 8 turn the image a quarter, so the upright image's sides are the stored ones swapped.
  const upright = orientation >= 5 ? { width: height, height: width } : { width, height };
  const target = fitWithin(upright, settings.maxPixels);
  const resized = pipeline.rotate().resize({ ...target, fit: "inside", withoutEnlargement: true });
  const png = keepsPng(source, hasAlpha);
  const encoded = png
    ? resized.png({ palette: isPalettePng(source.bytes) })
    : resized.jpeg({ quality: settings.jpegQuality });
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
  return { bytes: data, mimeType: png ? "image/png" : "image/jpeg", size: { width: info.width, height: info.height } };
}

/**
 * The rule for the output format: PNG when the image has an alpha channel (JPEG has none), or is a PNG with a palette
 * (at most 256 colours: diagrams, charts, screenshots of text) or with fewer than 8 bits a sample (scans of text),
 * whose sharp edges JPEG would blur. Everything else is taken for a photo and becomes JPEG.
 */
export function keepsPng(source: { bytes: Uint8Array; mimeType: string }, hasAlpha: boolean): boolean {
  if (hasAlpha) return true;
  if (source.mimeType !== "image/png") return false;
  // IHDR, the first chunk, has the bit depth at byte 24 and the colour type at byte 25 of the file.
  return isPalettePng(source.bytes) || (source.bytes[24] ?? 8) < 8;
}

const isPalettePng = (bytes: Uint8Array) => bytes[0] === 0x89 && bytes[25] === 3;
