/** Retry settings that retry at once: backoff is exercised, never slept. */
export const instantRetry = { sleep: async (): Promise<void> => {} };

/** Retry settings that record each backoff delay instead of sleeping. */
export function recordingSleep(): { delays: number[]; sleep: (milliseconds: number) => Promise<void> } {
  const delays: number[] = [];
  return { delays, sleep: async (milliseconds) => void delays.push(milliseconds) };
}
