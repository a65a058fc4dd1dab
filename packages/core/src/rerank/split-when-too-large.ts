import type { RerankModelCallResult } from "../spec/rerank-model.js";
import type { BatchAnswer, BatchCall, SendWrapper } from "./send-wrappers.js";

/**
 * A batch of several documents that the gateway refuses as too large (HTTP 413) goes out again as two halves, each a
 * new, smaller body, and each split again if it must. A 413 is never retried as it is: the same body would fail the
 * same way. The planner's byte estimate keeps this rare; a gateway stricter than documented is what it is for.
 */
export const splitWhenTooLarge: SendWrapper = (next) => {
  const send = async (call: BatchCall): Promise<BatchAnswer> => {
    try {
      return await next(call);
    } catch (error) {
      const { documents } = call.options;
      if ((error as { status?: unknown } | null)?.status !== 413 || documents.length < 2) throw error;
      const middle = Math.ceil(documents.length / 2);
      const first = await send(half(call, 0, middle));
      const second = await send(half(call, middle, documents.length));
      const details = `a request of ${documents.length} documents was refused as too large (413) and sent in two halves.`;
      return {
        ranking: [...first.ranking, ...second.ranking.map(({ index, score }) => ({ index: index + middle, score }))],
        usage: addUsage(first.usage, second.usage),
        requestIds: [...first.requestIds, ...second.requestIds],
        requests: first.requests + second.requests,
        warnings: [{ type: "other", feature: "batches", details }, ...first.warnings, ...second.warnings],
      };
    }
  };
  return send;
};

function half(call: BatchCall, start: number, end: number): BatchCall {
  const { options } = call;
  const documents = options.documents.slice(start, end);
  const topN = options.topN === undefined ? undefined : Math.min(options.topN, documents.length);
  const share = documents.length / options.documents.length;
  return { estimatedTokens: Math.ceil(call.estimatedTokens * share), options: { ...options, documents, topN } };
}

function addUsage(
  a: RerankModelCallResult["usage"],
  b: RerankModelCallResult["usage"],
): RerankModelCallResult["usage"] {
  const add = (x: number | undefined, y: number | undefined) =>
    x === undefined || y === undefined ? undefined : x + y;
  return {
    totalTokens: (a.totalTokens ?? 0) + (b.totalTokens ?? 0),
    imageTokens: add(a.imageTokens, b.imageTokens),
    textTokens: add(a.textTokens, b.textTokens),
  };
}
