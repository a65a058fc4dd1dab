import { Agent, type Dispatcher } from "undici";
import { keepAliveDefaults } from "../defaults.js";
import { VERSION } from "../version.js";

/** Sent by every provider, so a service's logs can tell this client and its version apart. */
export const userAgent = `qwen-rerank/core/${VERSION} node/${process.versions.node}`;

/**
 * A provider's headers, built again only when its key changes: a key rotated in the environment is picked up on the
 * next request, and the key is kept in this closure, never on an object that could be logged or serialised.
 */
export function headersForKey(
  loadKey: () => string | undefined,
  build: (key: string | undefined) => Record<string, string>,
): () => Readonly<Record<string, string>> {
  let current: { key: string | undefined; headers: Readonly<Record<string, string>> } | undefined;
  return () => {
    const key = loadKey();
    if (current === undefined || current.key !== key) current = { key, headers: build(key) };
    return current.headers;
  };
}

/** The provider's dispatcher: the one given, else one keep-alive `Agent` made on first use and shared by its models. */
export function lazyDispatcher(dispatcher: Dispatcher | undefined): () => Dispatcher {
  let agent = dispatcher;
  return () => {
    agent ??= new Agent(keepAliveDefaults);
    return agent;
  };
}
