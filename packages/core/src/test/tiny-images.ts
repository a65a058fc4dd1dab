/** A real 1×1 PNG: the smallest image every layer (sniffer, server, API) accepts. */
export const tinyPng: Uint8Array = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  ),
);

/** `tinyPng` as the data URI `rerank()` sends for it. */
export const tinyPngDataUri = `data:image/png;base64,${Buffer.from(tinyPng).toString("base64")}`;
