/**
 * Milliseconds to wait from `retry-after-ms` or `Retry-After` (delta-seconds or an HTTP date), or `undefined` when
 * neither header says anything usable.
 */
export function parseRetryAfter(headers: Record<string, string>, now: number = Date.now()): number | undefined {
  const milliseconds = headers["retry-after-ms"];
  if (milliseconds !== undefined && /^\d+(\.\d+)?$/.test(milliseconds.trim())) return Number(milliseconds);
  const value = headers["retry-after"]?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
