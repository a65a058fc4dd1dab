import { randomBytes } from "node:crypto";
import { startRerankServer } from "@qwen-rerank/testing";
import fc from "fast-check";
import { Agent } from "undici";
import { describe, expect, it } from "vitest";
import { jsonChunks, referencedStringLength } from "../http/json-chunks.js";
import { createVLLM, rerank } from "../index.js";
import { png, useServer } from "./helpers.js";

/** A PNG-signed image big enough to go out as a chunk of its own. */
const image = (bytes = 24 * 1024) => Buffer.concat([png.subarray(0, 8), randomBytes(bytes)]);
const dataUri = (bytes: Buffer) => `data:image/png;base64,${bytes.toString("base64")}`;

describe("jsonChunks", () => {
  // Long strings of every kind: Base64 (referenced), and ones that need escaping or are not ASCII (copied).
  const longString = fc.oneof(
    fc.constant("data:image/png;base64,".padEnd(referencedStringLength + 5, "QUJD")),
    fc.constant(`"quoted"\\${"x".repeat(referencedStringLength)}`),
    fc.constant(`naïve ${"é".repeat(referencedStringLength)}`),
    fc.constant(`line\n${"y".repeat(referencedStringLength)}`),
  );
  const value = fc.letrec((tie) => ({
    any: fc.oneof(
      { depthSize: "small" },
      fc.jsonValue({ maxDepth: 2 }),
      longString,
      fc.constantFrom(undefined, Number.NaN, Number.POSITIVE_INFINITY, -0),
      fc.array(tie("any"), { maxLength: 4 }),
      fc.dictionary(fc.string(), tie("any"), { maxKeys: 4 }),
    ),
  })).any;

  it("joins to exactly what JSON.stringify gives, with the exact UTF-8 byte length", () => {
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(fc.string(), value), fc.array(value)), (input) => {
        const { chunks, byteLength } = jsonChunks(input);
        const expected = JSON.stringify(input);
        expect(chunks.join("")).toBe(expected);
        expect(byteLength).toBe(Buffer.byteLength(expected));
      }),
      { numRuns: 300 },
    );
  });

  it("gives each long Base64 string a chunk of its own and copies what needs escaping into the JSON around it", () => {
    const first = dataUri(image());
    const second = dataUri(image());
    const escaped = `"${"z".repeat(referencedStringLength)}`;
    const { chunks } = jsonChunks({ documents: [{ text: "a" }, { image: first }, { image: second, text: escaped }] });
    expect(chunks.filter((chunk) => chunk === first || chunk === second)).toHaveLength(2);
    expect(chunks.some((chunk) => chunk.includes(JSON.stringify(escaped)))).toBe(true);
  });
});

describe("a request with inline images (dashscope-api.md §2.3)", () => {
  const context = useServer();
  const images = [image(), image(40 * 1024), image()];
  const documents = [{ image: images[0]! }, { text: "a caption", image: images[1]! }, "plain text", { image: images[2]! }];

  it("sends exactly the JSON body, with a Content-Length rather than chunked encoding", async () => {
    const { results } = await rerank({ model: context.provider().rerankModel("qwen3-vl-rerank"), query: "a cat", documents, mixedContent: "both" });
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
  ])("builds the body of a batch once and hands undici that same body on every retry (%s)", async (_kind, given) => {
    const sent: unknown[] = [];
    const recording = context.dispatcher.compose((dispatch) => (options, handler) => {
      sent.push(options.body);
      return dispatch(options, handler);
    });
    context.server.enqueue({ type: "status", status: 503 }, { type: "status", status: 500 });
    const model = context.provider({ dispatcher: recording }).rerankModel("qwen3-vl-rerank");
    const { results } = await rerank({ model, query: "a cat", documents: given, retry: { sleep: async () => {} } });
    expect(results).toHaveLength(given.length);
    expect(sent).toHaveLength(3);
    expect(sent[1]).toBe(sent[0]);
    expect(sent[2]).toBe(sent[0]);
    expect(new Set(context.server.calls.map((call) => call.rawBody)).size).toBe(1);
  });

  it("sends the same bytes to the next vLLM replica when the first fails", async () => {
    const servers = [await startRerankServer({ apiKey: null }), await startRerankServer({ apiKey: null })];
    const dispatcher = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 });
    try {
      servers[0]!.enqueue({ type: "status", status: 502 });
      const model = createVLLM({ baseURL: servers.map((server) => server.url), dispatcher }).rerankModel("Qwen/Qwen3-VL-Reranker-2B");
      const { results } = await rerank({ model, query: "a cat", documents, maxRetries: 0 });
      expect(results).toHaveLength(4);
      const [failed, answered] = [servers[0]!.calls[0]!, servers[1]!.calls[0]!];
      expect(answered.rawBody).toBe(failed.rawBody);
      expect(JSON.parse(answered.rawBody).documents[0]).toEqual({ content: [{ type: "image_url", image_url: { url: dataUri(images[0]!) } }] });
    } finally {
      await Promise.all(servers.map((server) => server.close()));
      await dispatcher.close();
    }
  });
});
