import { randomBytes } from "node:crypto";

const words = [
  "rerank",
  "qwen",
  "vector",
  "search",
  "image",
  "video",
  "index",
  "query",
  "cache",
  "batch",
  "token",
  "model",
  "score",
  "dense",
  "sparse",
];

/** `count` distinct text documents of roughly `length` characters; `seed` keeps sets from different calls apart. */
export function textDocuments(count: number, seed = 0, length = 300): string[] {
  return Array.from({ length: count }, (_, index) => {
    let text = `Document ${seed}-${index}:`;
    for (let word = index; text.length < length; word += 7) text += ` ${words[word % words.length]}`;
    return text;
  });
}

export const benchQuery = "which documents talk about reranking images and video with a qwen model?";

/** 1,000 mixed documents by default: 700 texts, 280 image URLs, 20 video URLs, interleaved. */
export function mixedDocuments(
  texts = 700,
  images = 280,
  videos = 20,
): Array<string | { image: string } | { video: string }> {
  const documents: Array<string | { image: string } | { video: string }> = [];
  const total = texts + images + videos;
  let [t, i, v] = [0, 0, 0];
  for (let n = 0; n < total; n++) {
    // Deal the kinds out in proportion so every batch sees a mix.
    if (v < videos && v * total <= n * videos) documents.push({ video: `https://media.example.com/clip-${v++}.mp4` });
    else if (i < images && i * total <= n * images)
      documents.push({ image: `https://media.example.com/photo-${i++}.jpg` });
    else if (t < texts) documents.push(textDocuments(1, 1000 + t++, 200)[0]!);
    else if (i < images) documents.push({ image: `https://media.example.com/photo-${i++}.jpg` });
    else documents.push({ video: `https://media.example.com/clip-${v++}.mp4` });
  }
  return documents;
}

const jpegMagic = [0xff, 0xd8, 0xff, 0xe0];
const pngMagic = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** An image of `bytes` bytes: real JPEG or PNG magic bytes, then random data (so nothing compresses or dedupes). */
export function fakeImage(bytes: number, png: boolean): Buffer {
  const image = randomBytes(bytes);
  (png ? pngMagic : jpegMagic).forEach((byte, offset) => {
    image[offset] = byte;
  });
  return image;
}

/** Length of the Base64 text of `bytes` bytes. */
export const base64Length = (bytes: number): number => 4 * Math.ceil(bytes / 3);
