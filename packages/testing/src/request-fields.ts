import { invalidParameter } from "./api-error.js";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function requireObjectBody(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) throw invalidParameter("the request body must be a JSON object");
  return body;
}

// docs/dashscope-api.md §2.6: empty values give 400.
/** A required non-empty string. */
export function requireString(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0) throw invalidParameter(`${field} must be a non-empty string`);
  return value;
}

/** JSON `null` counts as absent: some clients serialise unset options that way. */
export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidParameter(`${field} must be a string`);
  return value;
}

export function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalidParameter(`${field} must be a boolean`);
  return value;
}

// docs/dashscope-api.md §2.6 (DashScope) and §7.2 (vLLM).
/** `top_n` is an integer ≥ 1; vLLM also takes 0 for "all". */
export function optionalTopN(value: unknown, field: string, minimum = 1): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
    throw invalidParameter(`${field} must be an integer >= ${minimum}`);
  }
  return value;
}

export function requireNonEmptyArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidParameter(`${field} must be a non-empty array`);
  return value;
}

/** The `documents` length without validating anything, for bench mode. */
export function cheapLength(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}
