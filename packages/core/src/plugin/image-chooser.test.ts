import { execFileSync } from "node:child_process";
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinyPng, tinyPngDataUri } from "../test/tiny-images.js";
import { createImageChooser } from "./image-chooser.js";

const base = realpathSync(mkdtempSync(path.join(tmpdir(), "qwen-rerank-chooser-")));
const root = path.join(base, "root");
const outside = path.join(base, "outside");
const inside = path.join(root, "inside.png");
const secret = path.join(outside, "secret.png");
const fifo = path.join(outside, "fifo.png");

beforeAll(async () => {
  mkdirSync(root);
  mkdirSync(outside);
  await writeFile(inside, tinyPng);
  await writeFile(secret, tinyPng);
  symlinkSync(secret, path.join(root, "escape.png"));
  execFileSync("mkfifo", [fifo]);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A FIFO's open for reading blocks until a writer comes; a non-blocking open for writing fails with ENXIO until then. */
function fifoWasOpened(): boolean {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENXIO") return false;
    throw error;
  }
}

describe("createImageChooser", () => {
  it("takes the first candidate that can be sent: remote, inline, or a file inside the roots", async () => {
    const chooser = createImageChooser([root]);
    const missing = pathToFileURL(path.join(base, "no-such-id"));
    expect(await chooser.choose([missing, inside])).toBe(inside);
    expect(await chooser.choose([missing, "https://img.example.com/a.png", inside])).toBe(
      "https://img.example.com/a.png",
    );
    expect(await chooser.choose([secret, tinyPngDataUri])).toBe(tinyPngDataUri);
    const blob = new Blob([tinyPng]);
    expect(await chooser.choose(["N/A", blob])).toBe(blob);
    expect(await chooser.choose([pathToFileURL(inside), secret])).toEqual(pathToFileURL(inside));
    expect(chooser.warnings()).toEqual([]);
  });

  it("never counts a symlink out of the roots, a folder or a FIFO as sendable, and never opens one", async () => {
    const chooser = createImageChooser([root]);
    const symlinkOut = path.join(root, "escape.png");
    expect(await chooser.choose([symlinkOut, "https://img.example.com/b.png"])).toBe("https://img.example.com/b.png");
    expect(await chooser.choose([fifo, root, `${root}/../outside/secret.png`, inside])).toBe(inside);
    expect(fifoWasOpened()).toBe(false);
  });

  it("falls back to a candidate naming an existing file, so the core's message names it, else the first", async () => {
    const chooser = createImageChooser([root]);
    const rewritten = pathToFileURL(path.join(base, "3f1c-uuid"));
    expect(await chooser.choose([rewritten, secret])).toBe(secret);
    expect(await chooser.choose(["N/A", "ftp://example.com/a.png"])).toBe("N/A");
    expect(await chooser.choose([])).toBeUndefined();
    // Roots are set, and the file lies outside them: no hint to widen them for a path from untrusted metadata.
    expect(chooser.warnings()).toEqual([]);
  });

  it("without roots, names the folders of the existing local images it could not send", async () => {
    const chooser = createImageChooser(undefined);
    expect(await chooser.choose([pathToFileURL(path.join(base, "uuid")), inside])).toBe(inside);
    expect(await chooser.choose([secret])).toBe(secret);
    expect(await chooser.choose(["https://img.example.com/c.png"])).toBe("https://img.example.com/c.png");
    expect(await chooser.choose(["N/A"])).toBe("N/A");
    expect(chooser.warnings()).toEqual([
      {
        type: "other",
        feature: "allowedLocalRoots",
        details:
          "2 image(s) are local files and no allowedLocalRoots are set, so they were left out; to send them, set " +
          `allowedLocalRoots to the folder(s) they are in: ${JSON.stringify(root)}, ${JSON.stringify(outside)}.`,
      },
    ]);
  });
});
