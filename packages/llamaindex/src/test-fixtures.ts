// Shared by this package's tests only; not exported from index.ts, so not part of the build.
import { lexicalScore } from "@qwen-rerank/testing";

/** A real 1×1 PNG, small enough to inline and recognised by the core's magic-byte sniffer. */
export const tinyPng = Uint8Array.from(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"),
);
export const tinyPngDataUri = `data:image/png;base64,${Buffer.from(tinyPng).toString("base64")}`;

/**
 * The ranking the test server must produce, computed independently with its exported scorer: sorted by score,
 * ties by position, cut to `topN`.
 */
export function expectedRanking(
  query: string,
  documents: ReadonlyArray<string | { text?: string; image?: string }>,
  topN: number,
  captions: Readonly<Record<string, string>> = {},
): Array<{ index: number; score: number }> {
  return documents
    .map((document, index) => ({ index, score: lexicalScore(query, document, captions) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, topN);
}

/** Lets LlamaIndex's CallbackManager, which dispatches on a microtask, deliver its events. No timers involved. */
export const flushMicrotasks = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
