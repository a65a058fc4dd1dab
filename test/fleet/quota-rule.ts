// A stand-in for the test server's own quota option: DashScope's per-second enforcement of a per-minute quota
// (RPM/60 a second, at most one second's worth at once; docs/dashscope-api.md §4.2) as a server.onCall rule, with
// the arrival time and verdict of every call kept for the test to read.
import { type Fault, faults } from "@qwen-rerank/testing";

export interface Arrival {
  /** performance.now() in the server's process. */
  at: number;
  throttled: boolean;
}

export function quotaRule(requestsPerMinute: number) {
  const capacity = Math.max(1, requestsPerMinute / 60);
  const perMs = requestsPerMinute / 60_000;
  const arrivals: Arrival[] = [];
  let level = capacity;
  let last = performance.now();
  const rule = (): Fault | undefined => {
    const at = performance.now();
    level = Math.min(capacity, level + (at - last) * perMs);
    last = at;
    const throttled = level < 1;
    if (!throttled) level -= 1;
    arrivals.push({ at, throttled });
    return throttled ? faults.rateLimited(1) : undefined;
  };
  /** A full bucket and no arrivals, as after a quiet minute. */
  const reset = () => {
    level = capacity;
    last = performance.now();
    arrivals.length = 0;
  };
  return { rule, arrivals, reset };
}
