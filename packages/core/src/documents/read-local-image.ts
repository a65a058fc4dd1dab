import { readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { InvalidArgumentError } from "../errors/invalid-argument-error.js";

/**
 * Reads a local file only when its real path (symlinks resolved) lies inside one of the allowed roots. Document
 * metadata is untrusted input, so a path alone must never be enough to read a file.
 */
export async function readLocalImage(filePath: string, allowedLocalRoots: readonly string[] | undefined, argument: string): Promise<Uint8Array> {
  if (!allowedLocalRoots || allowedLocalRoots.length === 0) {
    throw new InvalidArgumentError({
      argument,
      message: `"${filePath}" is a local path; local files are read only from folders listed in allowedLocalRoots.`,
    });
  }
  let real: string;
  try {
    real = await realpath(path.resolve(filePath));
  } catch (error) {
    throw new InvalidArgumentError({ argument, message: `cannot read local file "${filePath}".`, cause: error });
  }
  for (const root of allowedLocalRoots) {
    const realRoot = await realpath(path.resolve(root)).catch(() => undefined);
    if (realRoot === undefined) continue;
    const relative = path.relative(realRoot, real);
    if (relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative)) return new Uint8Array(await readFile(real));
  }
  throw new InvalidArgumentError({ argument, message: `local file "${filePath}" is outside the allowed roots.` });
}
