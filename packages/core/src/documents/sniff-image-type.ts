// Formats DashScope accepts for qwen3-vl-rerank images (docs/dashscope-api.md §2.3). DIB has no magic bytes of its own.
const signatures: Array<{ mimeType: string; test: (b: Uint8Array) => boolean }> = [
  { mimeType: "image/jpeg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mimeType: "image/png", test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { mimeType: "image/webp", test: (b) => ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP") },
  { mimeType: "image/bmp", test: (b) => ascii(b, 0, "BM") },
  {
    mimeType: "image/tiff",
    test: (b) => (ascii(b, 0, "II") && b[2] === 42 && b[3] === 0) || (ascii(b, 0, "MM") && b[2] === 0 && b[3] === 42),
  },
  { mimeType: "image/x-icon", test: (b) => b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0 },
  { mimeType: "image/icns", test: (b) => ascii(b, 0, "icns") },
  { mimeType: "image/sgi", test: (b) => b[0] === 0x01 && b[1] === 0xda },
];

/** Subtypes accepted in a caller's `data:image/<subtype>;base64,` URI. */
export const supportedImageSubtypes: ReadonlySet<string> = new Set([
  "jpeg",
  "jpg",
  "png",
  "webp",
  "bmp",
  "x-bmp",
  "x-ms-bmp",
  "tiff",
  "tif",
  "x-icon",
  "vnd.microsoft.icon",
  "ico",
  "icns",
  "sgi",
  "x-sgi",
]);

/** The MIME type of an image from its first bytes, or `undefined` when it is not a format the API accepts. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  return signatures.find((signature) => signature.test(bytes))?.mimeType;
}

function ascii(bytes: Uint8Array, offset: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (bytes[offset + i] !== text.charCodeAt(i)) return false;
  return true;
}
