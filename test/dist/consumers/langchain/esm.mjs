// Loads the built ESM entry by package name (through its `exports`), the way an ESM app would.
import { Document } from "@langchain/core/documents";
import { BaseDocumentCompressor } from "@langchain/core/retrievers/document_compressors";
import { InvalidArgumentError, QwenRerank } from "@qwen-rerank/langchain";
import scenario from "./scenario.cjs";

await scenario({ Document, BaseDocumentCompressor, InvalidArgumentError, QwenRerank }, "esm");
