// The one scenario both module formats run: cjs.cjs and esm.mjs load the built package their own way and hand it here.
module.exports = async function scenario(
  { Document, BaseDocumentCompressor, InvalidArgumentError, QwenRerank },
  format,
) {
  const compressor = new QwenRerank({ apiKey: "test-key", baseURL: process.env.QWEN_RERANK_BASE_URL, topN: 2 });
  const documents = ["red running shoes", "pasta recipes", "trail running shoes"].map(
    (pageContent, index) => new Document({ pageContent, id: String(index) }),
  );
  const results = await compressor.compressDocuments(documents, "running shoes");
  let invalid = false;
  try {
    new QwenRerank({ topN: 0 });
  } catch (error) {
    invalid = InvalidArgumentError.isInstance(error);
  }
  const isCompressor = BaseDocumentCompressor.isBaseDocumentCompressor(compressor);
  const ranked = results.map((document) => [document.id, document.metadata.relevanceScore]);
  console.log(JSON.stringify({ format, isCompressor, results: ranked, invalid }));
};
