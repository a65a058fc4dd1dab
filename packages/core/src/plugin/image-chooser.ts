import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { RerankWarning } from "../spec/rerank-warning.js";

/** One call's choice among the images a document names; see `createImageChooser`. */
export interface ImageChooser {
  /**
   * The first candidate the core can send: a remote or inline image, or a local file that exists and lies inside
   * `allowedLocalRoots`. Failing that, the first that names an existing file, so that the core's warning (or error)
   * names a real file; failing that, the first candidate.
   */
  choose(candidates: readonly unknown[]): Promise<unknown>;
  /** What the call should add to its warnings: the folders of existing local images no `allowedLocalRoots` let in. */
  warnings(): RerankWarning[];
}

type Verdict = { kind: "sendable" } | { kind: "unusable" } | { kind: "local"; folder: string };

/**
 * Chooses, per document, which of its image references to send. The core still checks whatever is chosen (roots,
 * symlinks, type), so this only decides between candidates; it stats files but never opens one.
 */
export function createImageChooser(allowedLocalRoots: readonly string[] | undefined): ImageChooser {
  const roots = allowedLocalRoots ?? [];
  let realRoots: Promise<string[]> | undefined;
  const folders = new Set<string>();
  let withheld = 0;
  const verdictOf = async (candidate: unknown): Promise<Verdict> => {
    const reference = referenceOf(candidate);
    if (reference === undefined) return isInline(candidate) ? { kind: "sendable" } : { kind: "unusable" };
    if (/^(?:https?|data):/i.test(reference)) return { kind: "sendable" };
    const local = reference === "" ? undefined : localPathOf(reference);
    if (local === undefined) return { kind: "unusable" };
    realRoots ??= Promise.all(roots.map((root) => realpath(path.resolve(root)).catch(() => ""))).then((found) =>
      found.filter((root) => root !== ""),
    );
    return localVerdict(local, await realRoots);
  };
  return {
    async choose(candidates) {
      let fallback: { candidate: unknown; folder: string } | undefined;
      for (const candidate of candidates) {
        const verdict = await verdictOf(candidate);
        if (verdict.kind === "sendable") return candidate;
        if (verdict.kind === "local") fallback ??= { candidate, folder: verdict.folder };
      }
      if (fallback === undefined) return candidates[0];
      if (roots.length === 0) {
        withheld++;
        folders.add(fallback.folder);
      }
      return fallback.candidate;
    },
    warnings() {
      if (withheld === 0) return [];
      const listed = [...folders].map((folder) => JSON.stringify(folder)).join(", ");
      const details =
        `${withheld} image(s) are local files and no allowedLocalRoots are set, so they were left out; ` +
        `to send them, set allowedLocalRoots to the folder(s) they are in: ${listed}.`;
      return [{ type: "other", feature: "allowedLocalRoots", details }];
    },
  };
}

/** A reference as text: a string (trimmed) or a URL's `href`; undefined for bytes, Blobs and anything else. */
function referenceOf(candidate: unknown): string | undefined {
  if (typeof candidate === "string") return candidate.trim();
  return isUrlLike(candidate) ? candidate.href : undefined;
}

/** The local path a reference names (a path, or a `file:` URL); undefined for a URL of another scheme. */
function localPathOf(reference: string): string | undefined {
  if (/^file:/i.test(reference)) {
    try {
      return fileURLToPath(reference);
    } catch {
      return undefined;
    }
  }
  // As the core reads it: any other `scheme://` is refused there, anything else is a path.
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(reference) ? undefined : path.resolve(reference);
}

async function localVerdict(file: string, realRoots: readonly string[]): Promise<Verdict> {
  let real: string;
  try {
    real = await realpath(file);
    if (!(await stat(real)).isFile()) return { kind: "unusable" };
  } catch {
    return { kind: "unusable" };
  }
  const inside = realRoots.some((root) => {
    const relative = path.relative(root, real);
    return relative !== "" && relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
  });
  return inside ? { kind: "sendable" } : { kind: "local", folder: path.dirname(real) };
}

/** Bytes or a Blob (by shape, so a polyfilled one counts): always sent inline. */
function isInline(candidate: unknown): boolean {
  if (candidate instanceof Uint8Array || candidate instanceof ArrayBuffer) return true;
  return typeof (candidate as Blob | null)?.arrayBuffer === "function";
}

function isUrlLike(value: unknown): value is URL {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as URL).href === "string" &&
    typeof (value as URL).protocol === "string"
  );
}
