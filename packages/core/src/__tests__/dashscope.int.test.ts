import { describe, expect, it } from "vitest";
import { createDashScope, rerank } from "../index.js";
import { tinyPngDataUri } from "../test/index.js";

// The live tier: runs only with `pnpm test:live` and a real DASHSCOPE_API_KEY. It checks the open points of
// docs/dashscope-api.md §9 that no document settles, so a change on Alibaba's side shows up here first.
describe.skipIf(!process.env.DASHSCOPE_API_KEY)("live DashScope API", () => {
  const model = createDashScope().rerankModel("qwen3-vl-rerank");

  it("reranks the documented seed example (§2.1)", async () => {
    const { results, usage, requestIds } = await rerank({
      model,
      query: "What is a text reranking model?",
      documents: [
        {
          text: "Text reranking models are widely used in search engines and recommender systems to sort candidates by relevance.",
        },
        { image: "https://img.alicdn.com/imgextra/i3/O1CN01rdstgY1uiZWt8gqSL_!!6000000006071-0-tps-1970-356.jpg" },
        { video: "https://help-static-aliyun-doc.aliyuncs.com/file-manage-files/zh-CN/20250107/lbcemt/new+video.mp4" },
      ],
      topN: 2,
      returnDocuments: true,
      fps: 1.0,
    });
    expect(results).toHaveLength(2);
    expect(results[0]!.index).toBe(0);
    expect(usage.totalTokens).toBeGreaterThan(0);
    expect(requestIds[0]).toMatch(/\S/);
  }, 60_000);

  it("accepts an image query and a data: URI image (§9.1, §9.5)", async () => {
    const { results } = await rerank({
      model,
      query: { image: "https://img.alicdn.com/imgextra/i3/O1CN01rdstgY1uiZWt8gqSL_!!6000000006071-0-tps-1970-356.jpg" },
      documents: ["a search engine banner", { image: tinyPngDataUri }],
    });
    expect(results).toHaveLength(2);
  }, 60_000);
});
