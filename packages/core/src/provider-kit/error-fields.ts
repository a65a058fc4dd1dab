import type { ErrorFields } from "./read-answer.js";

/** The parts of an error body that providers and the proxies in front of them spell in many ways. */
export interface LooseErrorBody {
  code?: string | number | null | undefined;
  message?: string | null | undefined;
  msg?: string | null | undefined;
  type?: string | null | undefined;
  request_id?: string | null | undefined;
  detail?: unknown;
  error?: string | { message?: string | null; code?: string | number | null; type?: string | null } | null | undefined;
}

/**
 * One reading of every error shape seen: `{code, message, request_id}`, OpenAI-style `{error: {code, message, type}}`,
 * a bare `{error: "Unauthorized"}`, FastAPI's `{detail}`. A numeric code is an HTTP status echoed back, so the `type`
 * says more (`BadRequestError`) and stands in for it.
 */
export function errorFields(body: LooseErrorBody): ErrorFields {
  const nested = typeof body.error === "object" && body.error !== null ? body.error : undefined;
  const code = body.code ?? nested?.code;
  const type = body.type ?? nested?.type;
  const apiCode = typeof code === "string" ? code : (type ?? (code == null ? undefined : String(code)));
  const detail =
    typeof body.detail === "string" ? body.detail : body.detail == null ? undefined : JSON.stringify(body.detail);
  const message = body.message ?? body.msg ?? nested?.message ?? (typeof body.error === "string" ? body.error : detail);
  return {
    code: apiCode ?? undefined,
    message: message?.slice(0, 300) ?? undefined,
    requestId: body.request_id ?? undefined,
  };
}
