import type { RerankServerOptions } from "./rerank-server-options.js";

/** The key a server accepts when its `apiKey` option is not given. */
export const defaultApiKey = "test-key";

/** The keys the `apiKey` option accepts, in the order given; null when the check is off. */
export function acceptedKeys(apiKey: RerankServerOptions["apiKey"]): readonly string[] | null {
  if (apiKey === null) return null;
  if (apiKey === undefined) return [defaultApiKey];
  return typeof apiKey === "string" ? [apiKey] : [...apiKey];
}

// docs/dashscope-api.md §1.3: `Authorization: Bearer $DASHSCOPE_API_KEY`.
/** Checks an `Authorization` header against `keys`; with `keys` null, anything (or nothing) passes. */
export function bearerAuthorizer(keys: readonly string[] | null): (header: string | undefined) => boolean {
  if (keys === null) return () => true;
  const accepted = new Set(keys);
  return (header) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
    return match?.[1] !== undefined && accepted.has(match[1]);
  };
}
