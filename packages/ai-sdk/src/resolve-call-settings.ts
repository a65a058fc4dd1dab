import type { RerankingModelV3CallOptions } from "@ai-sdk/provider";
import { InvalidArgumentError } from "@ai-sdk/provider";
import {
  InvalidArgumentError as CoreInvalidArgumentError,
  type RerankCallSettings,
  validateRerankCallSettings,
} from "@qwen-rerank/core";
import { type QwenRerankCallDefaults, qwenProviderKey, sdkCallKeys } from "./qwen-rerank-options.js";
import { invalidArgument } from "./to-ai-sdk-error.js";

/**
 * Checks settings with the core's own schema (zod), so an option gets the same verdict here as in `rerank()` and
 * the framework plugins, and names it as the caller wrote it (`argumentPrefix` + the option).
 */
export function checkCallSettings(settings: unknown, argumentPrefix: string): RerankCallSettings {
  try {
    return validateRerankCallSettings(settings);
  } catch (error) {
    if (!CoreInvalidArgumentError.isInstance(error)) throw error;
    throw invalidArgument(`${argumentPrefix}${error.argument}`, error);
  }
}

/** This call's core settings: the model's, then `providerOptions.qwen`'s, then the AI SDK call's own. */
export function resolveCallSettings(
  defaults: QwenRerankCallDefaults,
  options: RerankingModelV3CallOptions,
): RerankCallSettings {
  const perCall = providerOptionsOf(options);
  const headers = mergeHeaders(defaults.headers, options.headers);
  return {
    ...defaults,
    ...definedOnly(perCall),
    topN: options.topN,
    abortSignal: options.abortSignal,
    headers,
  };
}

function providerOptionsOf(options: RerankingModelV3CallOptions): RerankCallSettings {
  const argument = `providerOptions.${qwenProviderKey}`;
  const perCall: unknown = options.providerOptions?.[qwenProviderKey];
  if (perCall === undefined) return {};
  if (typeof perCall !== "object" || perCall === null || Array.isArray(perCall)) {
    throw new InvalidArgumentError({ argument, message: `Invalid argument ${argument}: must be an object.` });
  }
  const misplaced = sdkCallKeys.filter((key) => Object.hasOwn(perCall, key));
  if (misplaced.length > 0) {
    const names = misplaced.join(", ");
    const message = `Invalid argument ${argument}.${misplaced[0]}: ${names} belong${misplaced.length > 1 ? "" : "s"} to rerank() itself; pass ${misplaced.length > 1 ? "them" : "it"} there.`;
    throw new InvalidArgumentError({ argument: `${argument}.${misplaced[0]}`, message });
  }
  return checkCallSettings(perCall, `${argument}.`);
}

/** The call's headers over the model's; an `undefined` value (the SDK's type allows it) is no header. */
function mergeHeaders(
  base: Record<string, string> | undefined,
  call: Record<string, string | undefined> | undefined,
): Record<string, string> | undefined {
  if (base === undefined && call === undefined) return undefined;
  return { ...base, ...(definedOnly(call ?? {}) as Record<string, string>) };
}

const definedOnly = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as Partial<T>;
