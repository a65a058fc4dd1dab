import { execFileSync } from "node:child_process";
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Document } from "@langchain/core/documents";
import { ImageNode, TextNode } from "@llamaindex/core/schema";
import { InvalidArgumentError, type RerankDocument, type RerankQuery, rerank } from "@qwen-rerank/core";
import { QwenRerank as LangChainRerank } from "@qwen-rerank/langchain";
import { QwenRerank as LlamaIndexRerank } from "@qwen-rerank/llamaindex";
import { afterAll, describe, expect, it } from "vitest";
import { apiKey, noSleep, useReliability, useServer } from "./helpers.js";

// Item 5: local image paths. Nothing outside the allowed roots is read, every refusal is a clear
// InvalidArgumentError, and without roots nothing is read at all. Proof of non-reading, beyond the error:
// - the secret file has distinctive bytes; its Base64 never reaches the server (a file inside the root, read on
//   purpose, shows that the check would see it);
// - FIFOs stand in for files: opening one to read blocks until a writer comes, so after each attempt we open it
//   for writing without blocking, which fails with ENXIO exactly when no reader has it open.

const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const secretBytes = Buffer.from([...png, ...Buffer.from("TOP-SECRET-OUTSIDE-THE-ROOT-0xC0FFEE")]);
const insideBytes = Buffer.from([...png, ...Buffer.from("inside-the-root-and-allowed")]);
const secretBase64 = secretBytes.toString("base64");

const base = mkdtempSync(path.join(tmpdir(), "qwen-rerank-reliability-"));
const root = path.join(base, "root");
const outside = path.join(base, "outside");
const sibling = path.join(base, "root-evil"); // shares the root's name as a prefix
for (const folder of [root, outside, sibling, path.join(root, "..cache")]) mkdirSync(folder, { recursive: true });
const secret = path.join(outside, "secret.png");
writeFileSync(secret, secretBytes);
writeFileSync(path.join(sibling, "secret.png"), secretBytes);
writeFileSync(path.join(root, "inside.png"), insideBytes);
writeFileSync(path.join(root, "..cache", "inside.png"), insideBytes);
symlinkSync(secret, path.join(root, "escape.png"));
symlinkSync(outside, path.join(root, "outside-dir"));
const fifo = path.join(outside, "fifo.png");
const fifoInRoot = path.join(root, "fifo-link.png");
execFileSync("mkfifo", [fifo]);
symlinkSync(fifo, fifoInRoot);

/** Throws if a reader has the FIFO open (or is blocked opening it): that would be a read attempt. */
function assertFifoUnopened(): void {
  let fd: number | undefined;
  try {
    fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENXIO") return;
    throw error;
  }
  closeSync(fd);
  throw new Error(`${fifo} was opened for reading`);
}

/** Each way a path can arrive, as a string, a file: URL string or a URL object. */
const escapes: Array<[string, string | URL]> = [
  [".. traversal out of the root", `${root}/../outside/secret.png`],
  ["a symlink inside the root to a file outside", path.join(root, "escape.png")],
  ["a symlinked folder inside the root", path.join(root, "outside-dir", "secret.png")],
  ["an absolute path outside the root", secret],
  ["a relative path outside the root", path.relative(process.cwd(), secret)],
  ["a sibling folder sharing the root's prefix", path.join(sibling, "secret.png")],
  ["a file: URL string outside the root", pathToFileURL(secret).href],
  ["a file: URL object outside the root", pathToFileURL(secret)],
  ["a file: URL with .. encoded", `${pathToFileURL(root).href}/%2e%2e/outside/secret.png`],
  ["a file: URL naming another host", "file://evil.example/etc/passwd.png"],
  ["a file: URL with an encoded slash", `file://${root}/..%2Foutside%2Fsecret.png`],
  ["a path with a NUL byte", `${path.join(root, "inside.png")}\u0000/../../outside/secret.png`],
  ["a FIFO outside the root", fifo],
  ["a symlink inside the root to a FIFO outside", fifoInRoot],
];

describe("local files: nothing outside the allowed roots is read", () => {
  const reliability = useReliability("local-files");
  const context = useServer();
  const tally = {
    attempts: 0,
    refused: 0,
    requestsForRefused: 0,
    secretBytesOnWire: 0,
    fifoOpened: 0,
    allowedReads: 0,
    skippedUnread: 0,
  };
  afterAll(() => {
    Object.assign(reliability.figures, tally);
  });

  /** Runs one attempt that must be refused before any request, and checks that nothing was read. */
  async function refused(label: string, attempt: () => Promise<unknown>, message: RegExp) {
    tally.attempts++;
    context.server.reset();
    const error = await Promise.race([
      attempt().then(
        () => new Error(`${label}: resolved`),
        (caught: unknown) => caught,
      ),
      new Promise((resolve) =>
        setTimeout(() => resolve(new Error(`${label}: still pending after 3 s (blocked reading?)`)), 3_000),
      ),
    ]);
    const wire = context.server.calls.map((call) => call.rawBody).join("\n");
    if (wire.includes(secretBase64)) tally.secretBytesOnWire++;
    tally.requestsForRefused += context.server.calls.length;
    try {
      assertFifoUnopened();
    } catch (fifoError) {
      tally.fifoOpened++;
      throw fifoError;
    }
    expect(InvalidArgumentError.isInstance(error), `${label}: ${String(error)}`).toBe(true);
    expect((error as Error).message, label).toMatch(message);
    expect((error as Error).message).not.toMatch(/\n/);
    expect(reliability.scan(label, error)).toBeUndefined();
    expect(context.server.calls, label).toHaveLength(0);
    tally.refused++;
  }

  /** LlamaIndex without roots: the node is ranked without its image, a warning says why, and nothing is read. */
  /**
   * The plugins' default (invalidMedia: "skip"): the path is left out unread, the document is ranked by its text, and
   * (where the plugin reports warnings) the warning says why.
   */
  async function skippedUnread(label: string, run: () => Promise<unknown[]>, count: number, warnings?: () => string[]) {
    tally.attempts++;
    context.server.reset();
    const ranked = await run();
    expect(ranked, label).toHaveLength(count);
    if (warnings) expect(warnings().join(" "), label).toMatch(/allowedLocalRoots|outside the allowed roots|cannot/);
    expect(context.server.calls.map((call) => call.rawBody).join(""), label).not.toContain(secretBase64);
    assertFifoUnopened();
    tally.skippedUnread++;
  }

  const llamaindex = (
    allowedLocalRoots: string[] | undefined,
    invalidMedia: "skip" | "error",
    warnings: string[] = [],
  ) =>
    new LlamaIndexRerank({
      apiKey,
      baseURL: context.baseURL,
      dispatcher: context.dispatcher,
      retry: noSleep,
      allowedLocalRoots,
      invalidMedia,
      onRerankEnd: (event) => warnings.push(...event.warnings.map((warning) => warning.details)),
    });

  const vl = () => context.dashscope().rerankModel("qwen3-vl-rerank");
  const core = (documents: RerankDocument[], allowedLocalRoots?: string[], query: RerankQuery = "q") =>
    rerank({ model: vl(), query, documents, allowedLocalRoots, maxRetries: 0 });

  it.each(escapes)("core, without roots: %s is refused and not read", async (label, image) => {
    await refused(label, () => core([{ image }]), /allowedLocalRoots|file: URL|cannot read/);
  });

  it.each(escapes)("core, with an allowed root: %s is refused and not read", async (label, image) => {
    await refused(
      label,
      () => core([{ image }], [root]),
      /outside the allowed roots|cannot read local file|cannot use the file: URL/,
    );
  });

  it("core: an image query outside the root is refused too", async () => {
    await refused("query image", () => core(["a"], [root], { image: secret }), /outside the allowed roots/);
  });

  it("core: a file inside the root is read and sent (the control: the check would see the bytes)", async () => {
    const { results } = await core(
      [{ image: path.join(root, "inside.png") }, { image: path.join(root, "..cache", "inside.png") }],
      [root],
    );
    expect(results).toHaveLength(2);
    expect(context.server.calls[0]!.rawBody).toContain(insideBytes.toString("base64"));
    tally.allowedReads++;
  });

  it("LangChain: metadata.image / imageUrl paths are never read, with or without roots: refused or skipped", async () => {
    for (const allowedLocalRoots of [undefined, [root]]) {
      const settings = {
        apiKey,
        baseURL: context.baseURL,
        dispatcher: context.dispatcher,
        retry: noSleep,
        allowedLocalRoots,
      };
      const strict = new LangChainRerank({ ...settings, invalidMedia: "error" });
      const lenient = new LangChainRerank(settings);
      for (const [label, image] of escapes) {
        for (const key of ["image", "imageUrl", "image_url"]) {
          const documents = [new Document({ pageContent: "caption", metadata: { [key]: image } })];
          await refused(
            `LangChain ${key}: ${label}`,
            () => strict.compressDocuments(documents, "q"),
            /allowedLocalRoots|outside the allowed roots|cannot/,
          );
          await skippedUnread(`LangChain ${key} skipped: ${label}`, () => lenient.compressDocuments(documents, "q"), 1);
        }
      }
    }
  });

  it("LlamaIndex: ImageNode.image (string or URL) is never read, with or without roots: refused or skipped", async () => {
    for (const allowedLocalRoots of [undefined, [root]]) {
      for (const [label, image] of escapes) {
        const nodes = [{ node: new ImageNode({ image, text: "caption" }) }];
        const where = allowedLocalRoots ? "with root" : "without roots";
        await refused(
          `LlamaIndex ImageNode ${where}: ${label}`,
          () => llamaindex(allowedLocalRoots, "error").postprocessNodes(nodes, "q"),
          /allowedLocalRoots|outside the allowed roots|cannot/,
        );
        const warnings: string[] = [];
        await skippedUnread(
          `LlamaIndex ImageNode ${where} skipped: ${label}`,
          () => llamaindex(allowedLocalRoots, "skip", warnings).postprocessNodes(nodes, "q"),
          1,
          () => warnings,
        );
      }
    }
  });

  it("LlamaIndex: metadata.file_path / image_url paths are never read, with or without roots: refused or skipped", async () => {
    // Metadata paths are only taken as images with an image extension; the NUL and the host cases are not paths then.
    const candidates = escapes.filter(([, image]) => /\.png$/.test(String(image)));
    for (const allowedLocalRoots of [undefined, [root]]) {
      for (const [label, image] of candidates) {
        for (const key of ["file_path", "image_url"]) {
          const nodes = [{ node: new TextNode({ text: "caption", metadata: { [key]: String(image) } }) }];
          const where = allowedLocalRoots ? "with root" : "without roots";
          await refused(
            `LlamaIndex metadata.${key} ${where}: ${label}`,
            () => llamaindex(allowedLocalRoots, "error").postprocessNodes(nodes, "q"),
            /allowedLocalRoots|outside the allowed roots|cannot/,
          );
          const warnings: string[] = [];
          await skippedUnread(
            `LlamaIndex metadata.${key} ${where} skipped: ${label}`,
            () => llamaindex(allowedLocalRoots, "skip", warnings).postprocessNodes(nodes, "q"),
            1,
            () => warnings,
          );
        }
      }
    }
  });
});
