import { InvalidArgumentError } from "../spec/errors/invalid-argument-error.js";

/**
 * `value` without trailing slashes, refused unless it is an http(s) URL with a host. The value is never echoed: a key
 * pasted into the wrong option would otherwise end up in the message.
 */
export function checkHttpURL(value: string, argument: string, example: string): string {
  const trimmed = value.trim().replace(/\/+$/, "");
  let parsed: URL | undefined;
  try {
    parsed = new URL(trimmed);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.hostname === "") {
    throw new InvalidArgumentError({ argument, message: `must be an http(s) URL such as ${example}.` });
  }
  return trimmed;
}
