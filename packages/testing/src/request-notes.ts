import type { RequestNotes } from "./dialect.js";

/** The notes worth recording: the instruction when one was given, the lists when not empty. */
export function requestNotes(parts: {
  instruction?: string | undefined;
  ignoredFields?: string[];
  truncated?: Array<number | "query">;
}): RequestNotes {
  const { instruction, ignoredFields = [], truncated = [] } = parts;
  return {
    ...(instruction === undefined ? {} : { instruction }),
    ...(ignoredFields.length > 0 ? { ignoredFields } : {}),
    ...(truncated.length > 0 ? { truncated } : {}),
  };
}
