import type { RawResponse } from "./post-json.js";

const credentialHeader = /authorization|api-?key|token/i;
const authScheme = /^\s*(?:bearer|basic|token)\s+/i;

/** The credential values a request carries: each whole `Authorization` (or API-key) header value and its token. */
export function credentialsIn(headers: Readonly<Record<string, string>>): string[] {
  const secrets: string[] = [];
  for (const name in headers) {
    if (!credentialHeader.test(name)) continue;
    const value = headers[name]!.trim();
    const token = value.replace(authScheme, "").trim();
    // Short values would match ordinary text; real keys are long.
    if (value.length >= 8 && !secrets.includes(value)) secrets.push(value);
    if (token.length >= 8 && !secrets.includes(token)) secrets.push(token);
  }
  // Longest first, so that a whole `Bearer <key>` is replaced before the key inside it.
  return secrets.sort((a, b) => b.length - a.length);
}

/**
 * The response with every credential of its request replaced: a proxy or a verbose gateway may echo them back, and
 * errors quote the body and headers.
 */
export function redactResponse(response: RawResponse, secrets: readonly string[]): RawResponse {
  if (secrets.length === 0) return response;
  const headers: Record<string, string> = {};
  for (const name in response.headers) headers[name] = redact(response.headers[name]!, secrets);
  return { status: response.status, headers, body: redact(response.body, secrets) };
}

function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (result.includes(secret)) result = result.split(secret).join("[REDACTED]");
  return result;
}
