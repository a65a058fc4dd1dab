/** Width and height in pixels. */
export interface ImageSize {
  width: number;
  height: number;
}

// EXIF and ICC blocks can come before a JPEG's frame header; 96 KiB of Base64 (72 KiB of bytes) covers the usual
// ones without decoding a whole multi-megabyte image.
const headBase64Chars = 96 * 1024;

function pngSize(bytes: Buffer): ImageSize | undefined {
  const signature = "89504e470d0a1a0a";
  if (bytes.length < 24 || bytes.subarray(0, 8).toString("hex") !== signature) return undefined;
  if (bytes.subarray(12, 16).toString("latin1") !== "IHDR") return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

// Start-of-frame markers C0–CF carry the size, except C4 (Huffman tables), C8 (reserved) and CC (arithmetic coding).
const isStartOfFrame = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function jpegSize(bytes: Buffer): ImageSize | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let offset = 2;
  while (offset + 9 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (isStartOfFrame(marker))
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      offset += 2; // markers without a length
      continue;
    }
    offset += 2 + bytes.readUInt16BE(offset + 2);
  }
  return undefined;
}

/**
 * The pixel size a PNG or JPEG data URI declares in its header, read from the first bytes only; undefined for
 * URLs, other formats, or a header the server cannot find.
 */
export function readImageSize(reference: string): ImageSize | undefined {
  if (!reference.startsWith("data:")) return undefined;
  const comma = reference.indexOf(",");
  if (comma < 0 || !reference.slice(0, comma).toLowerCase().endsWith(";base64")) return undefined;
  const head = reference.slice(comma + 1, comma + 1 + headBase64Chars);
  const bytes = Buffer.from(head.slice(0, head.length - (head.length % 4)), "base64");
  const size = pngSize(bytes) ?? jpegSize(bytes);
  return size !== undefined && size.width > 0 && size.height > 0 ? size : undefined;
}
