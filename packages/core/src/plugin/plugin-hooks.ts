import { z } from "zod";
import type { RerankResult, RerankUsage } from "../rerank/rerank-options.js";
import type { RerankWarning } from "../spec/rerank-warning.js";

/** What both plugins report of a finished rerank call, under the same names. */
export interface RerankCallReport {
  /** The model id, e.g. `qwen3-vl-rerank`. */
  model: string;
  /** Tokens billed, summed over the requests (0 when the cache answered); image and text parts where reported. */
  usage: RerankUsage;
  /** One per request sent (none when the cache answered); quote them to Alibaba Cloud support. */
  requestIds: string[];
  /** Lossy conversions and notable decisions, from the core and from the plugin. */
  warnings: RerankWarning[];
  /** Whether the core's cache answered. */
  cached: boolean;
}

/** What both plugins report of a failed rerank call. */
export interface RerankFailureReport {
  model: string;
  /** Usually one of the core's typed errors (`RerankAPIError`, `RerankTimeoutError`, ...). */
  error: unknown;
  /** `"passthrough"` when the input is returned instead of the error being thrown. */
  outcome: "throw" | "passthrough";
}

/** The hooks both plugins take, each called with that plugin's own event. */
export interface PluginHooks<START, END, ERROR> {
  /** Called before the request(s). @default none */
  onRerankStart?: ((event: START) => void) | undefined;
  /** Called with the result, before it is returned. @default none */
  onRerankEnd?: ((event: END) => void) | undefined;
  /** Called when the rerank fails, before the error is thrown or the input passed through. @default none */
  onRerankError?: ((event: ERROR) => void) | undefined;
}

const hook = z.custom<(...args: never[]) => unknown>((value) => typeof value === "function", "must be a function");

/** The hooks' checks, shared so that both plugins give the same verdict. */
export const pluginHooksShape = {
  onRerankStart: hook.optional(),
  onRerankEnd: hook.optional(),
  onRerankError: hook.optional(),
};

/** The report of a call: the core's usage, request ids and cache flag, with `warnings` first in the list. */
export function callReport(
  model: string,
  result: Pick<RerankResult, "usage" | "requestIds" | "cached" | "warnings">,
  warnings: readonly RerankWarning[] = [],
): RerankCallReport {
  const { usage, requestIds, cached } = result;
  return { model, usage, requestIds, cached, warnings: [...warnings, ...result.warnings] };
}
