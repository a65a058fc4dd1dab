// An ESM app using the built package with LlamaIndex's ESM build.
import { ImageNode, TextNode } from "@llamaindex/core/schema";
import { QwenRerank, RerankAPIError } from "@qwen-rerank/llamaindex";
import scenario from "./scenario.cjs";

await scenario({ ImageNode, TextNode, QwenRerank, RerankAPIError }, "esm");
