import { createDashScope, type RerankModel, rerank } from "@qwen-rerank/core";
import { Agent } from "undici";
import type { BenchConfig } from "../bench-config.js";
import { makePhotos } from "../lib/photos.js";
import type { ScenarioResult } from "../lib/scenario-result.js";
import { median } from "../lib/stats.js";
import { startBenchServer } from "../server/start-bench-server.js";

const mib = 1024 * 1024;
// What the bytes would take to upload on a 100 Mbit/s link, for scale: loopback hides the transfer.
const uploadSeconds = (bytes: number) => `${((bytes * 8) / 100e6).toFixed(1)} s to upload at 100 Mbit/s`;

/**
 * Scenario 6: `photos` camera-size JPEG Buffers in one call, with the default resizing to qwen3-vl-rerank's pixel cap
 * (sharp installed) and without it: the bytes that go on the wire, and the wall time of the call. Its own server
 * process takes bodies of any size, so the unresized call is measured as one request, as the caller gave it.
 */
export async function imageResize(config: BenchConfig["imageResize"]): Promise<ScenarioResult> {
  const generated = performance.now();
  const photos = await makePhotos(config.photos, config.width, config.height);
  const generationMs = performance.now() - generated;
  const server = await startBenchServer({ maxBodyBytes: 2 * 1024 * mib });
  let wireBytes = 0;
  const agent = new Agent();
  const counting = agent.compose((dispatch) => (options, handler) => {
    wireBytes += requestLength(options.headers, options.body);
    return dispatch(options, handler);
  });
  const resizing = createDashScope({
    apiKey: server.apiKey,
    baseURL: `${server.url}/api/v1`,
    dispatcher: counting,
  }).rerankModel("qwen3-vl-rerank");
  const documents = photos.map((image) => ({ image }));
  const measure = async (model: RerankModel, imageResize: boolean) => {
    const times: number[] = [];
    let bytes = 0;
    let requests = 0;
    for (let round = 0; round < config.repetitions; round++) {
      wireBytes = 0;
      const start = performance.now();
      const result = await rerank({ model, query: "a dog on a beach", documents, imageResize });
      times.push(performance.now() - start);
      if (result.results.length !== photos.length) throw new Error(`image-resize: ${result.results.length} results`);
      bytes = wireBytes;
      requests = result.requestCount;
    }
    return { wallMs: median(times), bytes, requests };
  };
  try {
    const resized = await measure(resizing, true);
    const original = await measure(resizing, false);
    return report(config, photos, generationMs, resized, original);
  } finally {
    await Promise.all([server.close(), agent.close()]);
  }
}

type Measured = { wallMs: number; bytes: number; requests: number };

function report(
  config: BenchConfig["imageResize"],
  photos: readonly Buffer[],
  generationMs: number,
  resized: Measured,
  original: Measured,
): ScenarioResult {
  const photoBytes = photos.reduce((sum, photo) => sum + photo.byteLength, 0);
  const size = `${config.width}×${config.height}`;
  return {
    id: "image-resize",
    title: `6. image resizing, ${config.photos} photos at ${size} as Buffers (${(photoBytes / photos.length / 1e6).toFixed(1)} MB each)`,
    goal: "resized wire bytes ≤ 1/4 of the photos as given",
    pass: resized.bytes * 4 <= original.bytes,
    rows: [
      {
        label: "resized (sharp) wire",
        median: resized.bytes / mib,
        unit: "MiB",
        ratio: resized.bytes / original.bytes,
        ratioOf: "as given",
        note: `${resized.requests} request(s); ${uploadSeconds(resized.bytes)}`,
      },
      {
        label: "as given wire",
        median: original.bytes / mib,
        unit: "MiB",
        note: `${original.requests} request(s) of at most 15 MiB decoded; ${uploadSeconds(original.bytes)}`,
      },
      {
        label: "resized (sharp) wall",
        median: resized.wallMs,
        unit: "ms",
        ratio: resized.wallMs / original.wallMs,
        ratioOf: "as given",
        note: `median of ${config.repetitions}; photos made in ${(generationMs / 1000).toFixed(1)} s beforehand`,
      },
      { label: "as given wall", median: original.wallMs, unit: "ms", note: `median of ${config.repetitions}` },
    ],
    metrics: {
      photos: photos.length,
      photoBytes,
      resizedWireBytes: resized.bytes,
      originalWireBytes: original.bytes,
      resizedWallMs: resized.wallMs,
      originalWallMs: original.wallMs,
      resizedRequests: resized.requests,
      originalRequests: original.requests,
      generationMs,
    },
  };
}

/** The body's bytes: its Content-Length where the request names one (a chunked body of inline images), else its size. */
function requestLength(headers: unknown, body: unknown): number {
  const declared = (headers as Record<string, string | undefined> | undefined)?.["content-length"];
  return declared === undefined ? bodyLength(body) : Number(declared);
}

function bodyLength(body: unknown): number {
  if (typeof body === "string") return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  if (Array.isArray(body)) return body.reduce((sum: number, chunk: unknown) => sum + bodyLength(chunk), 0);
  return 0;
}
