// Loads the built CommonJS entry by package name (through its `exports`), the way a require() app would.
const { Document } = require("@langchain/core/documents");
const { BaseDocumentCompressor } = require("@langchain/core/retrievers/document_compressors");
const { InvalidArgumentError, QwenRerank } = require("@qwen-rerank/langchain");
const scenario = require("./scenario.cjs");

scenario({ Document, BaseDocumentCompressor, InvalidArgumentError, QwenRerank }, "cjs").catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
