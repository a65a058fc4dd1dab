import { InvalidArgumentError } from "../spec/errors/invalid-argument-error.js";
import type { ImageSize } from "../spec/rerank-document.js";
import type { ImageCall } from "./image-call.js";
import { inResizeSlot } from "./image-call.js";
import { measureBase64Image, measureImage } from "./measure-image.js";
import { resizableTypes, resizeImage } from "./resize-image.js";
import { sniffImageType, supportedImageSubtypes } from "./sniff-image-type.js";

/** An image as it goes on the wire, with its pixel size when its header told it. */
export interface ResolvedImage {
  image: string;
  imageSize?: ImageSize;
}

// One Base64 item may be at most 20 MiB (docs/dashscope-api.md §2.3); refused here rather than drawing a 413.
const maxBase64Length = 20 * 1024 * 1024;
// Enough decoded bytes for every signature sniffImageType knows.
const sniffBase64Length = 16;

type Source = { bytes: () => Uint8Array; mimeType: string; size: ImageSize; base64Length: number };
/** The image as the caller gave it, checked; `hint` is added to a refusal. */
type AsIs = (hint?: string) => ResolvedImage;

const sharpHint = " Install the optional package sharp (npm i sharp) to have it resized to fit first.";

/** Raw bytes as a `data:` URI: resized first when they are over the call's pixel cap. */
export function inlineBytes(
  bytes: Uint8Array,
  argument: string,
  call: ImageCall,
): ResolvedImage | Promise<ResolvedImage> {
  const mimeType = sniffImageType(bytes);
  if (mimeType === undefined) {
    throw new InvalidArgumentError({
      argument,
      message: "unsupported image type; qwen3-vl-rerank accepts JPEG, PNG, WEBP, BMP, TIFF, ICO, ICNS and SGI.",
    });
  }
  const size = measureImage(bytes, mimeType);
  const asIs: AsIs = (hint) => sized(toDataUri(mimeType, base64Of(bytes), argument, hint), size);
  if (!overCap(call, mimeType, size)) return asIs();
  const base64Length = Math.ceil(bytes.byteLength / 3) * 4;
  return shrink(call, { bytes: () => bytes, mimeType, size, base64Length }, asIs, argument);
}

/** A caller's `data:` URI, checked; resized when it is over the call's pixel cap, else sent byte for byte. */
export function inlineDataUri(uri: string, argument: string, call: ImageCall): ResolvedImage | Promise<ResolvedImage> {
  const match = /^data:image\/([a-z0-9.+-]+);base64,/i.exec(uri);
  if (!match) {
    throw new InvalidArgumentError({
      argument,
      message: "a data: URI image must look like data:image/<type>;base64,<data>.",
    });
  }
  if (!supportedImageSubtypes.has(match[1]!.toLowerCase())) {
    throw new InvalidArgumentError({ argument, message: `unsupported image type image/${match[1]}.` });
  }
  const base64 = uri.slice(match[0].length);
  // What the bytes are, not what the URI says: the declared subtype is only checked against the accepted list.
  const mimeType = sniffImageType(Buffer.from(base64.slice(0, sniffBase64Length), "base64"));
  const size = mimeType === undefined ? undefined : measureBase64Image(base64, mimeType);
  const asIs: AsIs = (hint) => {
    if (base64.length > maxBase64Length) tooLarge(argument, hint);
    return sized(uri, size);
  };
  if (mimeType === undefined || !overCap(call, mimeType, size)) return asIs();
  const bytes = () => Buffer.from(base64, "base64");
  return shrink(call, { bytes, mimeType, size, base64Length: base64.length }, asIs, argument);
}

function overCap(call: ImageCall, mimeType: string, size: ImageSize | undefined): size is ImageSize {
  return (
    call.resize !== undefined &&
    size !== undefined &&
    size.width * size.height > call.resize.maxPixels &&
    resizableTypes.has(mimeType)
  );
}

/** An image over the cap: resized when sharp is there and makes it smaller, else as it is (and counted). */
async function shrink(call: ImageCall, source: Source, asIs: AsIs, argument: string): Promise<ResolvedImage> {
  const settings = call.resize!;
  const sharp = await call.loadSharp();
  if (sharp === undefined) {
    const { size, base64Length } = source;
    call.unresized.count++;
    call.unresized.base64Length += base64Length;
    call.unresized.resizedLength += Math.ceil((base64Length * settings.maxPixels) / (size.width * size.height));
    return asIs(sharpHint);
  }
  const bytes = source.bytes();
  let resized: Awaited<ReturnType<typeof resizeImage>>;
  try {
    resized = await inResizeSlot(() => resizeImage(sharp, { bytes, mimeType: source.mimeType }, settings));
  } catch {
    // What sharp cannot decode the API may still read; it decides, as it did before resizing existed.
    call.undecodable++;
    return asIs();
  }
  // Over the cap the model reads no more pixels than the resized image has, so a larger re-encoding is no gain.
  if (resized.bytes.byteLength >= bytes.byteLength) return asIs();
  return sized(toDataUri(resized.mimeType, base64Of(resized.bytes), argument), resized.size);
}

const sized = (image: string, size: ImageSize | undefined): ResolvedImage =>
  size === undefined ? { image } : { image, imageSize: size };

const base64Of = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

function toDataUri(mimeType: string, base64: string, argument: string, hint?: string): string {
  if (base64.length > maxBase64Length) tooLarge(argument, hint);
  return `data:${mimeType};base64,${base64}`;
}

function tooLarge(argument: string, hint = ""): never {
  const message = `image is larger than the 20 MiB Base64 limit of one item.${hint}`;
  throw new InvalidArgumentError({ argument, message });
}
