import type { IncomingHttpHeaders } from "node:http";
import type { Fault } from "./fault.js";
import type { FaultRule, RecordedCall } from "./rerank-server.js";

export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Recorded calls, queued faults and rules: the per-test state that `reset()` clears. */
export class CallLog {
  readonly calls: RecordedCall[] = [];
  private readonly queue: Fault[] = [];
  private rules: FaultRule[] = [];
  private requestCount = 0;
  private callCount = 0;

  constructor(
    private readonly requestIdPrefix: string,
    private readonly recordCalls: boolean,
  ) {}

  nextRequestId(): string {
    this.requestCount += 1;
    return `${this.requestIdPrefix}${String(this.requestCount).padStart(12, "0")}`;
  }

  record(call: RecordedCall): void {
    if (this.recordCalls) this.calls.push(call);
  }

  nextCallNumber(): number {
    this.callCount += 1;
    return this.callCount;
  }

  enqueue(faults: readonly Fault[]): void {
    this.queue.push(...faults);
  }

  addRule(rule: FaultRule): () => void {
    this.rules.push(rule);
    return () => {
      this.rules = this.rules.filter((candidate) => candidate !== rule);
    };
  }

  /** The queue goes first, so a test's explicit sequence is never pre-empted by a standing rule. */
  takeFault(call: RecordedCall, callNumber: number): Fault | undefined {
    const queued = this.queue.shift();
    if (queued !== undefined) return queued;
    for (const rule of this.rules) {
      const fault = rule(call, callNumber);
      if (fault !== undefined) return fault;
    }
    return undefined;
  }

  reset(): void {
    this.calls.length = 0;
    this.queue.length = 0;
    this.rules = [];
    this.requestCount = 0;
    this.callCount = 0;
  }
}
