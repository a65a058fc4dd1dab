// Loads the built CommonJS entry the way a require() app would, against the test server whose base URL is in the env.
const { Document } = require("@langchain/core/documents");
const { BaseDocumentCompressor } = require("@langchain/core/retrievers/document_compressors");
const { InvalidArgumentError, QwenRerank } = require("../../dist/index.cjs");

async function main() {
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
      format: "cjs",
      isCompressor: BaseDocumentCompressor.isBaseDocumentCompressor(compressor),
      results: results.map((document) => [document.id, document.metadata.relevanceScore]),
      invalid,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
