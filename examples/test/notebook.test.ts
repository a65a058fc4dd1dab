/**
 * The committed notebooks in examples/notebooks: executed again with the tslab kernel (execute-notebooks.sh --check),
 * every cell must run without an error or stderr output, and the committed outputs must match the fresh run (same
 * cells, same kinds of output, same normalised text, same picture sizes; docs/notebooks.md).
 * The comparison itself (notebook_outputs.py) is tested on altered copies of a committed notebook.
 *
 * Needs Debian's Jupyter: apt-get install -y --no-install-recommends jupyter-nbconvert python3-ipykernel jupyter-client.
 * Outside CI the execution is skipped when jupyter-nbconvert is missing; in CI (`CI` set) it must run, so a missing
 * Jupyter fails.
 */
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const examples = fileURLToPath(new URL("../", import.meta.url));
const root = path.resolve(examples, "..");
const notebooksDir = path.join(examples, "notebooks");
const notebookNames = readdirSync(notebooksDir).filter((name) => name.endsWith(".ipynb"));
const works = (command: string, args: string[]) => spawnSync(command, args, { stdio: "ignore" }).status === 0;
const hasNbconvert = works("jupyter-nbconvert", ["--version"]) || works("jupyter", ["nbconvert", "--version"]);
const python = works("/usr/bin/python3", ["--version"]) ? "/usr/bin/python3" : "python3";
const inCI = Boolean(process.env.CI);
const skipReason =
  "jupyter-nbconvert not found (apt-get install -y --no-install-recommends jupyter-nbconvert python3-ipykernel jupyter-client)";

if (!hasNbconvert && !inCI) console.warn(`notebook test skipped: ${skipReason}`);

describe.skipIf(!hasNbconvert && !inCI)(hasNbconvert ? "sample notebooks" : `sample notebooks (${skipReason})`, () => {
  it("runs every notebook cleanly, and the committed outputs match a fresh run", async () => {
    if (!hasNbconvert) throw new Error(`CI is set, so the notebooks must run: ${skipReason}`);
    expect(notebookNames).toEqual(expect.arrayContaining(["multimodal-rag.ipynb", "visual-document-retrieval.ipynb"]));
    const env: NodeJS.ProcessEnv = { ...process.env, QWEN_RERANK_OFFLINE: "1" };
    delete env.DASHSCOPE_API_KEY;
    let output = "";
    try {
      const { stdout, stderr } = await promisify(execFile)("bash", ["notebooks/execute-notebooks.sh", "--check"], {
        cwd: examples,
        env,
        timeout: 540_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      output = stdout + stderr;
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`execute-notebooks.sh --check failed:\n${failed.stdout ?? ""}${failed.stderr ?? failed.message}`);
    }
    for (const name of notebookNames) {
      expect(output).toMatch(new RegExp(`notebook check: ${name}: \\d+ code cells ran, no errors, nothing on stderr`));
      expect(output).toContain(`notebook check: ${name}: committed outputs match a fresh run`);
    }
  }, 600_000);
});

type Output = { output_type: string; name?: string; text?: string[]; data?: Record<string, unknown> };
type Cell = { cell_type: string; source: string[]; outputs?: Output[]; metadata: Record<string, unknown> };
type Notebook = { cells: Cell[] };

const committedPath = path.join(notebooksDir, "visual-document-retrieval.ipynb");
const readCommitted = (): Notebook => JSON.parse(readFileSync(committedPath, "utf8"));
const codeCells = (notebook: Notebook) => notebook.cells.filter((cell) => cell.cell_type === "code");
const firstStream = (notebook: Notebook) => {
  const cell = codeCells(notebook).find((candidate) => candidate.outputs?.some((o) => o.output_type === "stream"));
  return cell!.outputs!.find((output) => output.output_type === "stream")!;
};
const firstPicture = (notebook: Notebook) =>
  codeCells(notebook)
    .flatMap((cell) => cell.outputs ?? [])
    .find((output) => output.data?.["image/png"] !== undefined)!;
// A 1 x 1 PNG: a picture of another size than any the notebook shows.
const onePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

/** Runs notebook_outputs.py on notebooks written to a fresh folder; returns its exit status and what it printed. */
function tool(command: "check" | "compare", ...notebooks: Notebook[]) {
  const dir = mkdtempSync(path.join(tmpdir(), "notebook-outputs-"));
  const paths = notebooks.map((notebook, i) => {
    const file = path.join(dir, `${i}-sample.ipynb`);
    writeFileSync(file, JSON.stringify(notebook));
    return file;
  });
  const script = path.join(notebooksDir, "notebook_outputs.py");
  const run = spawnSync(python, [script, command, ...paths, "--root", root], { encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("notebook_outputs.py compare: what makes a committed notebook stale", () => {
  it("accepts the committed notebook against itself", () => {
    expect(tool("compare", readCommitted(), readCommitted())).toMatchObject({ status: 0 });
  });

  it("fails on a notebook committed without outputs, naming the cells", () => {
    const stripped = readCommitted();
    for (const cell of codeCells(stripped)) cell.outputs = [];
    const { status, output } = tool("compare", stripped, readCommitted());
    expect(status).toBe(1);
    expect(output).toMatch(
      /code cell 1 \(import \* as fs from "fs";\): committed outputs none, fresh outputs \['stream\/stdout'\]/,
    );
    expect(output).toContain("regenerate it with `pnpm --filter examples run notebooks`");
  });

  it("fails when a stream's text differs, showing the first differing line", () => {
    const changed = readCommitted();
    const stream = firstStream(changed);
    stream.text = [...stream.text!.slice(0, -1), "a line the fresh run does not print\n"];
    const { status, output } = tool("compare", changed, readCommitted());
    expect(status).toBe(1);
    expect(output).toMatch(
      /output 1 \(stream\) differs at line \d+:\n\s+committed: a line the fresh run does not print/,
    );
  });

  it("fails when an output's MIME type or a picture's size differs", () => {
    const asHtml = readCommitted();
    firstPicture(asHtml).data = { "text/html": ["<p>picture</p>"] };
    const mime = tool("compare", asHtml, readCommitted());
    expect(mime.status).toBe(1);
    expect(mime.output).toMatch(
      /committed outputs \['display_data\[text\/html\]'.*fresh outputs \['display_data\[image\/png\]'/,
    );

    const smaller = readCommitted();
    firstPicture(smaller).data = { "image/png": onePixelPng };
    const size = tool("compare", smaller, readCommitted());
    expect(size.status).toBe(1);
    expect(size.output).toMatch(/picture is \(1, 1\) committed, \(\d+, \d+\) fresh/);
  });

  it("fails when a cell's source differs", () => {
    const edited = readCommitted();
    codeCells(edited)[0]!.source.push("\nconsole.log('added');");
    const { status, output } = tool("compare", edited, readCommitted());
    expect(status).toBe(1);
    expect(output).toMatch(/cell \d+: the source or type differs/);
  });

  it("compares only the words, not the numbers, of a cell tagged numbers-vary", () => {
    const measuring = (notebook: Notebook) => codeCells(notebook).find((cell) => cell.metadata.tags)!;
    const withText = (text: string) => {
      const notebook = readCommitted();
      expect((measuring(notebook).metadata.tags as string[]).includes("numbers-vary")).toBe(true);
      measuring(notebook).outputs = [{ output_type: "stream", name: "stdout", text: [text] }];
      return notebook;
    };
    const fresh = withText("returns-policy  2550 x 3300  245,300  1,000 x 1,294  121,043  resized, 51 % fewer bytes\n");
    const otherBytes = withText(
      "returns-policy  2550 x 3300  245,300  1,000 x 1,294  9,999  resized, 96 % fewer bytes\n",
    );
    expect(tool("compare", otherBytes, fresh)).toMatchObject({ status: 0 });
    const otherWords = withText("returns-policy  2550 x 3300  245,300  2550 x 3300  245,300  as is\n");
    const stale = tool("compare", otherWords, fresh);
    expect(stale.status).toBe(1);
    expect(stale.output).toMatch(/committed: returns-policy # x # # # x # # as is/);
  });

  it("ignores what changes between runs: ports, timestamps, durations, the checkout's path, how a stream is split", () => {
    const volatile = (port: number, time: string, ms: number, where: string) => {
      const notebook = readCommitted();
      const stream = firstStream(notebook);
      const text = `server at http://127.0.0.1:${port}/api/v1, ${time}, took ${ms} ms, data in ${where}/examples/data\n`;
      // The same text as one stream output, or split over two as separate console.log calls may arrive.
      const cell = codeCells(notebook).find((candidate) => candidate.outputs?.includes(stream))!;
      const at = cell.outputs!.indexOf(stream);
      const extra: Output[] =
        port % 2 === 0
          ? [{ output_type: "stream", name: "stdout", text: [text] }]
          : [
              { output_type: "stream", name: "stdout", text: [text.slice(0, 20)] },
              { output_type: "stream", name: "stdout", text: [text.slice(20)] },
            ];
      cell.outputs!.splice(at + 1, 0, ...extra);
      return notebook;
    };
    const first = volatile(40_000, "2026-01-02T03:04:05.678Z", 12, root);
    const second = volatile(51_235, "2027-11-12T13:14:15Z", 3.5, "<repo>");
    expect(tool("compare", first, second)).toMatchObject({ status: 0 });
    // The same two runs differing in anything else are told apart.
    const third = volatile(51_235, "2027-11-12T13:14:15Z", 3.5, "/elsewhere");
    expect(tool("compare", first, third).status).toBe(1);
  });
});

describe("notebook_outputs.py check: what makes an executed notebook fail", () => {
  const executed = () => {
    const notebook = readCommitted();
    for (const cell of codeCells(notebook))
      cell.metadata = { execution: { "shell.execute_reply": "2026-01-01T00:00:00Z" } };
    return notebook;
  };

  it("accepts a notebook whose every cell ran with no error or stderr", () => {
    const { status, output } = tool("check", executed());
    expect(status).toBe(0);
    expect(output).toMatch(/\d+ code cells ran, no errors, nothing on stderr/);
  });

  it("fails on stderr output (where tslab reports errors thrown in callbacks), error outputs and cells that never ran", () => {
    const notebook = executed();
    const [first, second, third] = codeCells(notebook);
    first!.outputs!.push({ output_type: "stream", name: "stderr", text: ["UncaughtException: Error: boom\n"] });
    second!.outputs!.push({ output_type: "error", ename: "TypeError", evalue: "x is not a function" } as Output);
    third!.metadata = {};
    const { status, output } = tool("check", notebook);
    expect(status).toBe(1);
    expect(output).toMatch(/code cell 1 .* wrote to stderr:\n\s+UncaughtException: Error: boom/);
    expect(output).toContain("code cell 2 (/** Pictures side by side");
    expect(output).toContain("TypeError: x is not a function");
    expect(output).toMatch(/code cell 3 .*: did not run/);
    expect(output).toContain("3 problem(s)");
  });
});
