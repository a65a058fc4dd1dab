/**
 * Core API, text only: rerank a handful of passages for a question and keep the best three.
 *   pnpm --filter examples run rerank-text
 */
import { rerank } from "@qwen-rerank/core";
import { run } from "../lib/run.js";
import { score, table } from "../lib/table.js";

const documents = [
  "Standard shipping takes three to five business days and is free on orders over 50 euros.",
  "Returns: you can return any unworn item within 30 days of delivery for a full refund.",
  "Gift cards are sent by email within minutes and are valid for three years.",
  "Exchanges for a different size or colour are free within 60 days.",
  "Our shops are closed on Sundays and public holidays.",
];

run(async ({ model }) => {
  const query = "Can I get a refund if I return an item?";
  const { results, usage, requestIds, warnings } = await rerank({
    model,
    query,
    documents,
    topN: 3,
    // Optional: the task in English; the model has its own default.
    instruct: "Given a customer question, retrieve the policy passages that answer it.",
  });
  console.log(`query: ${query}\n`);
  console.log(
    table(
      ["rank", "index", "score", "document"],
      results.map((result, rank) => [rank + 1, result.index, score(result.score), result.document]),
    ),
  );
  console.log(`\ntokens: ${usage.totalTokens}, request ids: ${requestIds.join(", ")}, warnings: ${warnings.length}`);
});
