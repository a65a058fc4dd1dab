import { ApiError } from "./api-error.js";
import { isRecord } from "./request-fields.js";
import type { ResolvedRequestLimits } from "./request-limits.js";

const base64Prefix = /^data:[^,]*;base64,/i;

/** The data URIs in image fields (`image`, and `url` inside `image_url`), wherever they sit in the body. */
function base64Items(body: unknown, found: string[] = [], key = "", parentKey = ""): string[] {
  if (typeof body === "string") {
    const imageField = key === "image" || (key === "url" && parentKey === "image_url");
    if (imageField && base64Prefix.test(body)) found.push(body);
  } else if (Array.isArray(body)) {
    for (const item of body) base64Items(item, found, key, parentKey);
  } else if (isRecord(body)) {
    for (const [name, value] of Object.entries(body)) base64Items(value, found, name, key);
  }
  return found;
}

// A data URI's payload decodes to three bytes per four characters, less its padding.
function decodedLength(uri: string): number {
  const payload = uri.length - uri.indexOf(",") - 1;
  const padding = uri.endsWith("==") ? 2 : uri.endsWith("=") ? 1 : 0;
  return Math.floor((payload * 3) / 4) - padding;
}

function tooLarge(detail: string): ApiError {
  return new ApiError(413, "BadRequest.TooLarge", `Payload Too Large: ${detail}`);
}

/**
 * The 413 DashScope's gateway gives a body of `bytes` bytes (parsed as `body`), or undefined when it passes
 * (https://help.aliyun.com/zh/model-studio/rate-limit).
 */
export function checkRequestSize(bytes: number, body: unknown, limits: ResolvedRequestLimits): ApiError | undefined {
  const items = base64Items(body);
  if (items.length === 0) {
    if (bytes <= limits.maxBytes) return undefined;
    return tooLarge(`${bytes} bytes without Base64 content, over the ${limits.maxBytes}-byte limit`);
  }
  if (bytes > limits.maxBase64Bytes) {
    return tooLarge(`${bytes} bytes with Base64 content, over the ${limits.maxBase64Bytes}-byte limit`);
  }
  let decoded = bytes;
  for (const [index, item] of items.entries()) {
    const itemBytes = Buffer.byteLength(item);
    if (itemBytes > limits.maxBase64ItemBytes) {
      return tooLarge(`Base64 item ${index} has ${itemBytes} bytes, over the ${limits.maxBase64ItemBytes}-byte limit`);
    }
    decoded += decodedLength(item) - itemBytes;
  }
  if (decoded <= limits.maxDecodedBytes) return undefined;
  return tooLarge(`${decoded} bytes once Base64 is decoded, over the ${limits.maxDecodedBytes}-byte limit`);
}

/** The 413 for a body over the most the server buffers; nothing of it was kept. */
export function unreadBodyError(bytes: number, cap: number): ApiError {
  return tooLarge(`the body has ${bytes} bytes, over the ${cap}-byte limit`);
}
