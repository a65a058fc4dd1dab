// Test-only helper (not exported from the package): one POST over the global fetch, body parsed if JSON.
import type { RerankServer } from "./rerank-server.js";

export interface TestResponse<Body> {
  status: number;
  headers: Headers;
  text: string;
  body: Body;
}

export function testClient(server: () => RerankServer, defaultHeaders: Record<string, string> = { authorization: "Bearer test-key" }) {
  return async function post<Body = Record<string, unknown>>(
    path: string,
    body: unknown,
    headers: Record<string, string> = defaultHeaders,
    init: RequestInit = {},
  ): Promise<TestResponse<Body>> {
    const response = await fetch(`${server().url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
      ...init,
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, text, body: parsed as Body };
  };
}
