/**
 * DashScope's gateway limits on a request body (https://help.aliyun.com/zh/model-studio/rate-limit,
 * "请求体大小限制"). A request over any of them gets 413 `BadRequest.TooLarge`. The Base64 items are the data
 * URIs in image fields: native `image`, vLLM `image_url.url`.
 */
export interface RequestLimits {
  /** Most bytes in a request with no Base64 item. @default 16777216 (16 MiB) */
  maxBytes?: number;
  /** Most bytes in a request with at least one Base64 item. @default 67108864 (64 MiB) */
  maxBase64Bytes?: number;
  /**
   * Most bytes of a request with Base64 items once decoded: its body bytes with each Base64 payload counted at its
   * decoded size.
   * @default 16777216 (16 MiB)
   */
  maxDecodedBytes?: number;
  /** Most bytes in one Base64 item (the whole data URI). @default 20971520 (20 MiB) */
  maxBase64ItemBytes?: number;
}

const mebibyte = 1024 * 1024;

/** The request limits with every default filled in. */
export type ResolvedRequestLimits = Required<RequestLimits>;

/**
 * Fills in the defaults. The deprecated `maxBodyBytes` sets `maxBase64Bytes` and lowers any other limit above
 * it, so that, as before, no body over it is accepted; `requestLimits` wins where both are given.
 */
export function resolveRequestLimits(limits: RequestLimits = {}, maxBodyBytes?: number): ResolvedRequestLimits {
  const cap = (value: number): number => (maxBodyBytes === undefined ? value : Math.min(value, maxBodyBytes));
  return {
    maxBytes: limits.maxBytes ?? cap(16 * mebibyte),
    maxBase64Bytes: limits.maxBase64Bytes ?? maxBodyBytes ?? 64 * mebibyte,
    maxDecodedBytes: limits.maxDecodedBytes ?? cap(16 * mebibyte),
    maxBase64ItemBytes: limits.maxBase64ItemBytes ?? cap(20 * mebibyte),
  };
}

/** The most bytes the server buffers: past it, a body is drained without being kept. */
export const readCap = (limits: ResolvedRequestLimits): number => Math.max(limits.maxBytes, limits.maxBase64Bytes);
