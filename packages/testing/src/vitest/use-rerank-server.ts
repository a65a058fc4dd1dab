import { afterAll, afterEach, beforeAll } from "vitest";
import { acceptedKeys } from "../bearer-authorizer.js";
import type { RerankServer } from "../rerank-server.js";
import type { RerankServerOptions } from "../rerank-server-options.js";
import { startRerankServer } from "../start-rerank-server.js";
import { postJson, type TestResponse } from "./post-json.js";

/** What {@link useRerankServer} returns. Its members can be read once `beforeAll` has run: in tests and hooks. */
export interface RerankServerContext {
  /** The running server. */
  readonly server: RerankServer;
  /** `server.url`: `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** `url + "/api/v1"`, the base URL DashScope clients take. */
  readonly baseURL: string;
  /**
   * POSTs `body` to `url + path` over the global `fetch` (a string verbatim, anything else as JSON) and reads
   * the answer whatever its status. `headers` replaces the default `authorization: Bearer <key>` (the
   * server's first key, `test-key` by default; none when `apiKey` is null), so `{}` sends no key.
   */
  post<Body = Record<string, unknown>>(
    path: string,
    body: unknown,
    headers?: Readonly<Record<string, string>>,
    init?: RequestInit,
  ): Promise<TestResponse<Body>>;
}

/**
 * Runs a rerank server for the enclosing `describe` block (or the file, at top level): starts it in
 * `beforeAll`, calls `server.reset()` in `afterEach` and `server.close()` in `afterAll`.
 *
 * @example
 * const rerank = useRerankServer();
 * it("retries a 429", async () => {
 *   rerank.server.enqueue(faults.rateLimited(0));
 *   await myClient({ baseURL: rerank.baseURL, apiKey: "test-key" }).rerank("red shoe", ["red shoe"]);
 *   expect(rerank.server.calls).toHaveLength(2);
 * });
 */
export function useRerankServer(options: RerankServerOptions = {}): RerankServerContext {
  let running: RerankServer | undefined;
  const key = acceptedKeys(options.apiKey)?.[0];
  const defaultHeaders: Readonly<Record<string, string>> = key === undefined ? {} : { authorization: `Bearer ${key}` };
  const server = (): RerankServer => {
    if (running === undefined) {
      throw new Error("useRerankServer(): the server starts in beforeAll; read it inside a test or a hook");
    }
    return running;
  };
  beforeAll(async () => {
    running = await startRerankServer(options);
  });
  afterEach(() => running?.reset());
  afterAll(() => running?.close());
  return {
    get server() {
      return server();
    },
    get url() {
      return server().url;
    },
    get baseURL() {
      return `${server().url}/api/v1`;
    },
    post: (path, body, headers = defaultHeaders, init = {}) => postJson(server().url, path, body, headers, init),
  };
}
