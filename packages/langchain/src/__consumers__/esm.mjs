// Loads the built ESM entry the way an ESM app would, against the test server whose base URL is in the env.
import { Document } from "@langchain/core/documents";
import { BaseDocumentCompressor } from "@langchain/core/retrievers/document_compressors";
import { InvalidArgumentError, QwenRerank } from "../../dist/index.js";

const compressor = new QwenRerank({ apiKey: "test-key", baseURL: process.env.QWEN_RERANK_BASE_URL, topN: 2 });
const documents = ["red running shoes", "pasta recipes", "trail running shoes"].map((pageContent, index) => new Document({ pageContent, id: String(index) }));
const results = await compressor.compressDocuments(documents, "running shoes");
let invalid = false;
try {
  new QwenRerank({ topN: 0 });
} catch (error) {
  invalid = InvalidArgumentError.isInstance(error);
}
console.log(
  JSON.stringify({
    format: "esm",
    isCompressor: BaseDocumentCompressor.isBaseDocumentCompressor(compressor),
    results: results.map((document) => [document.id, document.metadata.relevanceScore]),
    invalid,
  }),
);
