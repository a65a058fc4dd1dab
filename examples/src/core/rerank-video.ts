/**
 * Core API with a video: DashScope takes video by http(s) URL only; `fps` (0 to 1) sets how many frames per second the
 * model samples, trading accuracy for tokens.
 *   pnpm --filter examples run rerank-video
 */
import path from "node:path";
import { rerank } from "@qwen-rerank/core";
import { imagesDir, loadCorpus, serverCaptions } from "../lib/corpus.js";
import { run } from "../lib/run.js";
import { score, table } from "../lib/table.js";

const { video } = loadCorpus();

run(
  async ({ model, server }) => {
    const documents = [
      { video: video.url! },
      { text: "Express delivery arrives the next business day in most cities." },
      { image: path.join(imagesDir, "chart-weekly-website-visitors.png") },
    ];
    const query = "a short sample video clip";
    const { results, usage, warnings } = await rerank({
      model,
      query,
      documents,
      fps: 0.5,
      allowedLocalRoots: [imagesDir],
    });
    console.log(`query: ${query} (fps 0.5)\n`);
    console.log(
      table(
        ["rank", "score", "kind", "document"],
        results.map((result, rank) => {
          const document = result.document;
          const kind = "video" in document ? "video" : "image" in document ? "image" : "text";
          return [
            rank + 1,
            score(result.score),
            kind,
            "video" in document
              ? document.video!
              : "image" in document
                ? path.basename(String(document.image))
                : document.text!,
          ];
        }),
      ),
    );
    console.log(`\ntokens: ${usage.totalTokens}, warnings: ${warnings.length}`);
    // Offline, show what went over the wire: the video stays a URL and fps travels in `parameters`.
    const body = server?.calls.at(-1)?.body as { parameters?: unknown } | undefined;
    if (body) console.log(`request parameters: ${JSON.stringify(body.parameters)}`);
  },
  { captions: serverCaptions() },
);
