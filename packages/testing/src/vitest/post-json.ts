/** What {@link RerankServerContext.post} resolves to: the raw answer, plus its body parsed when it is JSON. */
export interface TestResponse<Body> {
  status: number;
  headers: Headers;
  /** The body as received. */
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  body: Body;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * One POST to `url + path` over the global `fetch`: a string body is sent verbatim, anything else as JSON,
 * with `content-type: application/json` unless `headers` overrides it.
 */
export async function postJson<Body>(
  url: string,
  path: string,
  body: unknown,
  headers: Readonly<Record<string, string>>,
  init: RequestInit,
): Promise<TestResponse<Body>> {
  const response = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: parseJson(text) as Body };
}
