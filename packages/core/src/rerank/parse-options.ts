import type { z } from "zod";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";

/** Validates options against a strict schema, turning the first zod issue into a one-line `InvalidArgumentError`. */
export function parseOptions<T>(schema: z.ZodType<T>, options: unknown, prefix = ""): T {
  const parsed = schema.safeParse(options);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const unknownKeys = issue.code === "unrecognized_keys" ? issue.keys : undefined;
  const path = issue.path.join(".");
  const argument = `${prefix}${path || (unknownKeys ? unknownKeys.join(", ") : "options")}`;
  const message = unknownKeys ? `unknown option${unknownKeys.length > 1 ? "s" : ""} ${unknownKeys.join(", ")}.` : issue.message;
  throw new InvalidArgumentError({ argument, message, cause: parsed.error });
}
