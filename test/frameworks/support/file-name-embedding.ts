import path from "node:path";
import { MultiModalEmbedding } from "@llamaindex/core/embeddings";
import type { ImageType } from "@llamaindex/core/schema";
import { WordHashEmbedding } from "../../support/llamaindex-offline.js";

const words = new WordHashEmbedding();

/**
 * An offline multimodal embedding: text by its words, an image by the words of its file name (`red-apple.png`
 * "shows" a red apple). VectorStoreIndex embeds ImageDocuments with `getImageEmbedding(node.image)`.
 */
export class FileNameEmbedding extends MultiModalEmbedding {
  // biome-ignore lint/complexity/noUselessConstructor: MultiModalEmbedding's constructor is protected; this makes it public.
  constructor() {
    super();
  }
  async getTextEmbedding(text: string): Promise<number[]> {
    return words.getTextEmbedding(text);
  }
  async getImageEmbedding(image: ImageType): Promise<number[]> {
    const name = image instanceof URL ? image.pathname : String(image);
    return words.getTextEmbedding(
      path
        .basename(name)
        .replace(/\.[a-z]+$/i, "")
        .replace(/[-_]/g, " "),
    );
  }
}
