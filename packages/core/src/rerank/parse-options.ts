import { z } from "zod";
import { InvalidArgumentError } from "../spec/errors/invalid-argument-error.js";

/** The checks of an options object, option by option; a key without one is an unknown option. */
export type OptionsShape = Readonly<Record<string, z.core.$ZodType>>;

/**
 * Validates options against their shape, turning the first problem into a one-line `InvalidArgumentError` that names
 * the option and never echoes its value (a key pasted into the wrong option must not reach a log). Only the keys
 * present are checked, each with its own schema, plus the `required` ones.
 */
export function parseOptions(shape: OptionsShape, options: unknown, required: readonly string[] = []): void {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError({ argument: "options", message: "must be an object." });
  }
  const record = options as Record<string, unknown>;
  const unknownKeys = Object.keys(record).filter((key) => !Object.hasOwn(shape, key));
  if (unknownKeys.length > 0) {
    const message = `unknown option${unknownKeys.length > 1 ? "s" : ""} ${unknownKeys.join(", ")}.`;
    throw new InvalidArgumentError({ argument: unknownKeys.join(", "), message });
  }
  for (const key of new Set([...required, ...Object.keys(record)])) {
    const parsed = z.safeParse(shape[key]!, record[key]);
    if (parsed.success) continue;
    const issue = parsed.error.issues[0]!;
    const argument = [key, ...issue.path].join(".");
    throw new InvalidArgumentError({ argument, message: `${describe(issue)}.`, cause: parsed.error });
  }
}

const kinds: Record<string, string> = {
  int: "a whole number",
  number: "a finite number",
  string: "a string",
  boolean: "a boolean",
  array: "an array",
  object: "an object",
  record: "an object",
};

/** What the option must be, in plain words. */
function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `must be ${kinds[issue.expected] ?? issue.expected}`;
    case "too_small":
      if (issue.origin === "string") return "must not be empty";
      if (issue.origin === "array") return `must have at least ${issue.minimum} item(s)`;
      return `must be ${issue.inclusive === false ? "greater than" : "at least"} ${issue.minimum}`;
    case "too_big":
      return `must be ${issue.inclusive === false ? "less than" : "at most"} ${issue.maximum}`;
    case "unrecognized_keys":
      return `has unknown option${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    default:
      return issue.message.replace(/\.$/, "");
  }
}
