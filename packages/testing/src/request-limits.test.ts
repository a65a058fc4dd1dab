import { describe, expect, it } from "vitest";
import { routePaths } from "./route-dialect.js";
import { useRerankServer } from "./vitest/index.js";

const { native, compatible, vllm } = routePaths;
const mebibyte = 1024 * 1024;

/** A valid qwen3-vl-rerank body padded with an ignored parameter to exactly `bytes` bytes. */
function paddedBody(bytes: number, documents: unknown[] = ["a"]): string {
  const body = (padding: string) =>
    JSON.stringify({ model: "qwen3-vl-rerank", input: { query: "q", documents }, parameters: { padding } });
  const base = Buffer.byteLength(body(""));
  if (bytes < base) throw new Error(`a body needs at least ${base} bytes`);
  return body("x".repeat(bytes - base));
}

const dataUri = (payloadChars: number) => `data:image/png;base64,${"A".repeat(payloadChars)}`;

// docs/dashscope-api.md §2.3, §10.1
describe("DashScope's gateway limits, by default", () => {
  const rerank = useRerankServer();

  it("refuses a request without Base64 over 16 MiB with 413 BadRequest.TooLarge, and takes one at 16 MiB", async () => {
    expect((await rerank.post(native, paddedBody(16 * mebibyte))).status).toBe(200);
    const over = await rerank.post(native, paddedBody(16 * mebibyte + 1));
    expect(over.status).toBe(413);
    expect(over.body).toEqual({
      request_id: rerank.server.calls[1]?.requestId,
      code: "BadRequest.TooLarge",
      message: expect.stringMatching(/^Payload Too Large: /),
    });
    // Under the largest limit the body is still read, so a test can see what was refused.
    expect(rerank.server.calls[1]?.rawBody).toHaveLength(16 * mebibyte + 1);
  });

  it("takes more than 16 MiB with Base64 content, while it decodes to at most 16 MiB", async () => {
    const image = dataUri(20 * mebibyte - 22); // exactly 20 MiB with its prefix, about 15 MiB decoded
    const body = paddedBody(21 * mebibyte, [{ image }]); // 16 MiB less 17 bytes, decoded
    expect((await rerank.post(native, body)).status).toBe(200);
  });
});

describe("DashScope's gateway limits, scaled down", () => {
  const limits = { maxBytes: 2000, maxBase64Bytes: 6000, maxDecodedBytes: 3000, maxBase64ItemBytes: 4000 };
  const rerank = useRerankServer({ requestLimits: limits, apiKey: null });

  it("counts a body without Base64 against maxBytes, on the compatible route too", async () => {
    expect((await rerank.post(native, paddedBody(2000))).status).toBe(200);
    expect((await rerank.post(native, paddedBody(2001))).status).toBe(413);
    const compatibleBody = { model: "qwen3-rerank", query: "q", documents: ["a", "b".repeat(2000)] };
    expect(await rerank.post(compatible, compatibleBody)).toMatchObject({
      status: 413,
      body: { error: { code: "BadRequest.TooLarge", type: "invalid_request_error" }, request_id: expect.any(String) },
    });
  });

  it("counts a body with Base64 against maxBase64Bytes, each item against maxBase64ItemBytes", async () => {
    // A 2,422-byte item decodes to 1,800 bytes: 4,500 raw bytes are 3,878 decoded, over 3,000.
    const small = { image: dataUri(2400) };
    const decodesOver = await rerank.post(native, paddedBody(4500, [small]));
    expect(decodesOver).toMatchObject({ status: 413, body: { message: expect.stringContaining("decoded") } });
    expect((await rerank.post(native, paddedBody(3600, [small]))).status).toBe(200); // 2,978 decoded
    const big = { image: dataUri(4000 - 22 + 1) };
    expect(await rerank.post(native, paddedBody(4200, [big]))).toMatchObject({
      status: 413,
      body: { message: expect.stringContaining("Base64 item 0") },
    });
    expect((await rerank.post(native, paddedBody(6001, [small, small]))).status).toBe(413);
  });

  it("finds Base64 items in vLLM image_url parts as well as native image fields", async () => {
    const part = { type: "image_url", image_url: { url: dataUri(2400) } };
    const body = JSON.stringify({ query: "q", documents: [{ content: [part] }], padding: "x".repeat(2000) });
    // The vLLM route has no DashScope gateway: only the read cap (6,000 bytes) applies there.
    expect((await rerank.post(vllm, body)).status).toBe(200);
  });

  it("drains a body over the largest limit without keeping it, and answers 413 on every route", async () => {
    const huge = "x".repeat(mebibyte);
    for (const path of [native, vllm, routePaths.cohere]) {
      const { status } = await rerank.post(path, huge);
      expect(status).toBe(413);
    }
    expect(rerank.server.calls.map((call) => [call.rawBody, call.body])).toEqual([
      ["", undefined],
      ["", undefined],
      ["", undefined],
    ]);
    expect((await rerank.post(vllm, { query: "q", documents: ["a".repeat(5000)] })).status).toBe(200);
  });
});

describe("the deprecated maxBodyBytes", () => {
  const rerank = useRerankServer({ maxBodyBytes: 1000 });

  it("still refuses any body over it, with or without Base64", async () => {
    expect((await rerank.post(native, paddedBody(1000))).status).toBe(200);
    expect((await rerank.post(native, paddedBody(1001))).status).toBe(413);
    expect((await rerank.post(native, paddedBody(1001, [{ image: dataUri(100) }]))).status).toBe(413);
  });
});

describe("bench mode", () => {
  const rerank = useRerankServer({ cannedResponse: true, requestLimits: { maxBytes: 100, maxBase64Bytes: 5000 } });

  it("skips the gateway limits but not the read cap", async () => {
    expect((await rerank.post(native, paddedBody(3000))).status).toBe(200);
    expect((await rerank.post(native, paddedBody(5001))).status).toBe(413);
  });
});
