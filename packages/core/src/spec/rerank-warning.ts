/** A lossy conversion or a notable decision the caller should know about. */
export interface RerankWarning {
  type: "compatibility" | "truncation" | "other";
  /** What it concerns, e.g. `documents[3]`. */
  feature: string;
  details: string;
}
