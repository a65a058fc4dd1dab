import { readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { InvalidArgumentError } from "../spec/errors/invalid-argument-error.js";

/**
 * Reads a local file only when its real path (symlinks resolved) lies inside one of the allowed roots. Document
 * metadata is untrusted input, so a path alone must never be enough to read a file.
 */
export async function readLocalImage(
  filePath: string,
  allowedLocalRoots: readonly string[] | undefined,
  argument: string,
): Promise<Uint8Array> {
  const shown = quote(filePath);
  if (!allowedLocalRoots || allowedLocalRoots.length === 0) {
    throw new InvalidArgumentError({
      argument,
      message: `${shown} is a local path; local files are read only from folders listed in allowedLocalRoots.`,
    });
  }
  let real: string;
  try {
    real = await realpath(path.resolve(filePath));
  } catch (error) {
    throw new InvalidArgumentError({ argument, message: `cannot read local file ${shown}.`, cause: error });
  }
  for (const root of allowedLocalRoots) {
    const realRoot = await realpath(path.resolve(root)).catch(() => undefined);
    if (realRoot === undefined) continue;
    const relative = path.relative(realRoot, real);
    // `..` as a whole segment only: a file named `..cache/a.png` inside the root is inside it.
    const outside =
      relative === "" || relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
    if (!outside) return new Uint8Array(await readFile(real));
  }
  throw new InvalidArgumentError({ argument, message: `local file ${shown} is outside the allowed roots.` });
}

/**
 * The path as quoted in messages, cut short: a string taken for a path may really be a large Base64 payload without
 * its `data:` prefix, which must not end up in logs.
 */
function quote(filePath: string): string {
  const hint = /^[A-Za-z0-9+/]{64,}={0,2}$/.test(filePath)
    ? " (this looks like Base64: prefix it with data:image/<type>;base64,)"
    : "";
  return `"${filePath.length > 80 ? `${filePath.slice(0, 60)}…` : filePath}"${hint}`;
}
