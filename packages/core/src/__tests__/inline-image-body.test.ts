import { randomBytes } from "node:crypto";
import { startRerankServer } from "@qwen-rerank/testing";
import { useRerankServer } from "@qwen-rerank/testing/vitest";
import { Agent, getGlobalDispatcher } from "undici";
import { describe, expect, it } from "vitest";
import { createDashScope, createVLLM, type DashScopeProviderSettings, rerank } from "../index.js";
import { tinyPng as png } from "../test/index.js";

const apiKey = "sk-test-0123456789abcdef";

/** A PNG-signed image big enough to go out as a chunk of its own. */
const image = (bytes = 24 * 1024) => Buffer.concat([png.subarray(0, 8), randomBytes(bytes)]);
const dataUri = (bytes: Buffer) => `data:image/png;base64,${bytes.toString("base64")}`;

describe("a request with inline images (docs/dashscope-api.md §2.3)", () => {
  const context = useRerankServer({ apiKey });
  const provider = (settings: DashScopeProviderSettings = {}) =>
    createDashScope({ apiKey, baseURL: context.baseURL, ...settings });
  const images = [image(), image(40 * 1024), image()];
  const documents = [
    { image: images[0]! },
    { text: "a caption", image: images[1]! },
    "plain text",
    { image: images[2]! },
  ];

  it("sends exactly the JSON body, with a Content-Length rather than chunked encoding", async () => {
    const { results } = await rerank({
      model: provider().rerankModel("qwen3-vl-rerank"),
      query: "a cat",
      documents,
      mixedContent: "both",
    });
    expect(results.map((result) => result.index).sort()).toEqual([0, 1, 2, 3]);
    const call = context.server.calls[0]!;
    expect(call.rawBody).toBe(
      JSON.stringify({
        model: "qwen3-vl-rerank",
        input: {
          query: "a cat",
          documents: [
            { image: dataUri(images[0]!) },
            { text: "a caption", image: dataUri(images[1]!) },
            { text: "plain text" },
            { image: dataUri(images[2]!) },
          ],
        },
      }),
    );
    expect(call.headers["content-length"]).toBe(String(Buffer.byteLength(call.rawBody)));
    expect(call.headers["transfer-encoding"]).toBeUndefined();
  });

  it.each([
    ["inline images", documents],
    ["text", ["red apple", "green apple pie", "blue sky"]],
  ])("resends the same bytes on every retry, each inline image a chunk of its own (%s)", async (kind, given) => {
    const sent: unknown[] = [];
    const recording = getGlobalDispatcher().compose((dispatch) => (options, handler) => {
      sent.push(options.body);
      return dispatch(options, handler);
    });
    context.server.enqueue({ type: "status", status: 503 }, { type: "status", status: 500 });
    const model = provider({ dispatcher: recording }).rerankModel("qwen3-vl-rerank");
    const { results } = await rerank({ model, query: "a cat", documents: given, retry: { sleep: async () => {} } });
    expect(results).toHaveLength(given.length);
    expect(sent).toHaveLength(3);
    const uris = documents.flatMap((document) =>
      typeof document === "object" && document.image ? [dataUri(document.image as Buffer)] : [],
    );
    for (const body of sent) {
      if (kind === "text") expect(body).toBeInstanceOf(Uint8Array);
      else expect((body as string[]).filter((chunk) => uris.includes(chunk))).toHaveLength(uris.length);
    }
    expect(new Set(context.server.calls.map((call) => call.rawBody)).size).toBe(1);
  });

  it("sends the same bytes to the next vLLM replica when the first fails", async () => {
    const servers = [await startRerankServer({ apiKey: null }), await startRerankServer({ apiKey: null })];
    const dispatcher = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 });
    try {
      servers[0]!.enqueue({ type: "status", status: 502 });
      const model = createVLLM({ baseURL: servers.map((server) => server.url), dispatcher }).rerankModel(
        "Qwen/Qwen3-VL-Reranker-2B",
      );
      const { results } = await rerank({ model, query: "a cat", documents, maxRetries: 0 });
      expect(results).toHaveLength(4);
      const [failed, answered] = [servers[0]!.calls[0]!, servers[1]!.calls[0]!];
      expect(answered.rawBody).toBe(failed.rawBody);
      expect(JSON.parse(answered.rawBody).documents[0]).toEqual({
        content: [{ type: "image_url", image_url: { url: dataUri(images[0]!) } }],
      });
    } finally {
      await Promise.all(servers.map((server) => server.close()));
      await dispatcher.close();
    }
  });
});
