/** One way to rerank text documents against the bench server. */
export interface BenchClient {
  /** Short key used in JSON output, e.g. `floor`, `ours`. */
  readonly id: string;
  /** Row label in the table. */
  readonly label: string;
  /**
   * `control`: the floor a second time, whose ratio to the floor shows the noise of a run (an A/A test).
   * `reference`: a bare client on the layer under the floor, the lowest cost undici allows.
   */
  readonly role: "floor" | "ours" | "peer" | "control" | "reference";
  /** One rerank call; resolves with the parsed results (one per document, every client asks for all of them). */
  rank(query: string, documents: readonly string[]): Promise<readonly unknown[]>;
  close?(): Promise<void>;
}

/** The model id every client names. The canned server answers any id the same way. */
export const benchModel = "qwen3-rerank";
