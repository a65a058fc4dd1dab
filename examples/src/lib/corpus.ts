/** The demo corpus in examples/data: passages, pictures, a video, captions, and the demo queries. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sniffImageType } from "@qwen-rerank/core";

export const dataDir = fileURLToPath(new URL("../../data/", import.meta.url));
/** The folder examples allow local images from (`allowedLocalRoots`). */
export const imagesDir = path.join(dataDir, "images");

export type ItemKind = "text" | "image" | "video";

/** One entry of the knowledge base, whatever its modality. */
export interface CorpusItem {
  id: string;
  kind: ItemKind;
  /** Passage text; for media, the short `alt` text a text retriever can embed. */
  text: string;
  /** Absolute path of a local picture. */
  imagePath?: string;
  /** http(s) URL of a remote picture or video. */
  url?: string;
}

export interface DemoQuery {
  id: string;
  text: string;
  expect: "image" | "text";
  /** The item a good reranker should put first. */
  target: string;
}

interface CorpusFile {
  passages: Array<{ id: string; text: string }>;
  images: Array<{ id: string; file: string; alt: string }>;
  videos: Array<{ id: string; url: string; alt: string }>;
  remoteImages: Array<{ id: string; url: string; alt: string }>;
  queries: DemoQuery[];
}

const readJson = <T>(name: string): T => JSON.parse(readFileSync(path.join(dataDir, name), "utf8")) as T;

export function loadCorpus(): {
  items: CorpusItem[];
  queries: DemoQuery[];
  video: CorpusItem;
  remoteImage: CorpusItem;
} {
  const file = readJson<CorpusFile>("corpus.json");
  const videos = file.videos.map(
    (video): CorpusItem => ({ id: video.id, kind: "video", text: video.alt, url: video.url }),
  );
  const items: CorpusItem[] = [
    ...file.passages.map((passage): CorpusItem => ({ id: passage.id, kind: "text", text: passage.text })),
    ...file.images.map(
      (image): CorpusItem => ({
        id: image.id,
        kind: "image",
        text: image.alt,
        imagePath: path.join(imagesDir, image.file),
      }),
    ),
    ...videos,
  ];
  const remote = file.remoteImages[0]!;
  return {
    items,
    queries: file.queries,
    video: videos[0]!,
    remoteImage: { id: remote.id, kind: "image", text: remote.alt, url: remote.url },
  };
}

/** captions.json as written: image file name or media URL → words describing it. */
export function loadCaptions(): Record<string, string> {
  const captions = readJson<Record<string, string>>("captions.json");
  delete captions._comment;
  return captions;
}

/** The `data:` URI the core sends for a local picture (it sniffs the type from the bytes the same way). */
export function imageDataUri(filePath: string): string {
  const bytes = readFileSync(filePath);
  return `data:${sniffImageType(bytes) ?? "image/png"};base64,${bytes.toString("base64")}`;
}

/**
 * Captions keyed the way the local server sees media: a local picture travels as a data URI, so its caption is
 * keyed by that URI; URLs stay URLs.
 */
export function serverCaptions(): Record<string, string> {
  const captions: Record<string, string> = {};
  for (const [key, caption] of Object.entries(loadCaptions())) {
    captions[/^https?:\/\//.test(key) ? key : imageDataUri(path.join(imagesDir, key))] = caption;
  }
  return captions;
}

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(filePath: string): { width: number; height: number } {
  const bytes = readFileSync(filePath);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** What the core is given for an item: text, a local image path (needs `allowedLocalRoots`), or a video URL. */
export function toRerankInput(item: CorpusItem): { text: string } | { image: string } | { video: string } {
  if (item.kind === "video") return { video: item.url! };
  if (item.kind === "image") return { image: item.imagePath ?? item.url! };
  return { text: item.text };
}
