/**
 * Core API with pictures: the same `image` field takes an http(s) URL, bytes, or a local file path (read only inside
 * `allowedLocalRoots`), and the query may be a picture too.
 *   pnpm --filter examples run rerank-image
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { type RerankDocument, rerank } from "@qwen-rerank/core";
import { imagesDir, loadCorpus, serverCaptions } from "../lib/corpus.js";
import { run } from "../lib/run.js";
import { score, table } from "../lib/table.js";

const { remoteImage } = loadCorpus();

run(
  async ({ model }) => {
    const documents: Array<{ label: string; document: RerankDocument }> = [
      { label: "URL (vendor sample)", document: { image: remoteImage.url! } },
      {
        label: "bytes: yellow rain jacket",
        document: { image: new Uint8Array(readFileSync(path.join(imagesDir, "product-yellow-rain-jacket.png"))) },
      },
      {
        label: "local file: red running shoe",
        document: { image: path.join(imagesDir, "product-red-running-shoe.png") },
      },
      { label: "local file: green tent", document: { image: path.join(imagesDir, "product-green-tent.png") } },
      {
        label: "text",
        document: { text: "The Trailrunner 3 running shoe has a grippy lugged outsole and a rock plate." },
      },
    ];

    const query = "red running shoe";
    const byText = await rerank({
      model,
      query,
      documents: documents.map(({ document }) => document),
      // Local paths are read only from these folders: document fields may come from untrusted metadata.
      allowedLocalRoots: [imagesDir],
    });
    console.log(`text query: ${query}\n`);
    console.log(
      table(
        ["rank", "score", "document"],
        byText.results.map((result, rank) => [rank + 1, score(result.score), documents[result.index]!.label]),
      ),
    );

    // A picture as the query (qwen3-vl-rerank only): which passages describe it?
    const passages = [
      "The Stormline rain jacket is a fully taped, breathable shell with an adjustable hood.",
      "The Ridgeline two-person tent weighs 1.4 kg and pitches in three minutes.",
      "Our insulated steel bottles keep drinks cold for 24 hours.",
    ];
    const byImage = await rerank({
      model,
      query: { image: path.join(imagesDir, "product-yellow-rain-jacket.png") },
      documents: passages,
      allowedLocalRoots: [imagesDir],
    });
    console.log("\nimage query: product-yellow-rain-jacket.png\n");
    console.log(
      table(
        ["rank", "score", "passage"],
        byImage.results.map((result, rank) => [rank + 1, score(result.score), result.document]),
      ),
    );
    console.log(`\ntokens: ${byText.usage.totalTokens + byImage.usage.totalTokens}`);
  },
  { captions: serverCaptions() },
);
