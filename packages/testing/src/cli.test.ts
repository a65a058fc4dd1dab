import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function start(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", cli, ...args], {
    cwd: packageRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return child;
}

async function firstLine(child: ChildProcess): Promise<string> {
  let output = "";
  for await (const chunk of child.stdout ?? []) {
    output += String(chunk);
    if (output.includes("\n")) break;
  }
  return output.split("\n")[0] ?? "";
}

describe("qwen-rerank-server CLI", () => {
  it("prints the listening line, serves captions without auth, and stops cleanly on SIGTERM", async () => {
    const captions = join(mkdtempSync(join(tmpdir(), "qwen-rerank-")), "captions.json");
    writeFileSync(captions, JSON.stringify({ "https://x.test/1.jpg": "golden retriever" }));
    const child = start(["--port", "0", "--no-auth", "--captions", captions]);
    const line = await firstLine(child);
    expect(line).toMatch(/^qwen-rerank-server listening on http:\/\/127\.0\.0\.1:\d+ \(.*\)$/);
    expect(line.slice(line.indexOf(" (") + 2, -1).split(", ")).toEqual([
      "native: /api/v1/services/rerank/text-rerank/text-rerank",
      "compatible: /compatible-api/v1/reranks",
      "vllm: /v1/rerank",
    ]);
    const url = /listening on (\S+)/.exec(line)?.[1];
    const response = await fetch(`${url}/api/v1/services/rerank/text-rerank/text-rerank`, {
      method: "POST",
      body: JSON.stringify({
        model: "qwen3-vl-rerank",
        input: { query: "retriever", documents: ["cat", { image: "https://x.test/1.jpg" }] },
      }),
    });
    expect(((await response.json()) as { output: { results: { index: number }[] } }).output.results[0]?.index).toBe(1);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  }, 60_000);

  it("prints help, and refuses bad arguments with exit code 2", async () => {
    const help = start(["--help"]);
    const bad = start(["--port", "nope"]);
    const noQuota = start(["--rpm", "0"]);
    let text = "";
    for await (const chunk of help.stdout ?? []) text += String(chunk);
    expect(text.split("\n")[0]).toBe("Usage: qwen-rerank-server [options]");
    expect(text).toMatch(/--rpm <n> .*requests per minute/);
    expect(text).toMatch(/--tpm <n> .*tokens per minute/);
    // A run may have exited while the help was read; `once` would then wait forever.
    for (const child of [bad, noQuota]) expect(child.exitCode ?? (await once(child, "exit"))[0]).toBe(2);
  }, 60_000);

  it("enforces --rpm per second: at --rpm 60 a second request within the second gets 429", async () => {
    const child = start(["--port", "0", "--rpm", "60", "--tpm", "9000000"]);
    const url = /listening on (\S+)/.exec(await firstLine(child))?.[1];
    const send = () =>
      fetch(`${url}/api/v1/services/rerank/text-rerank/text-rerank`, {
        method: "POST",
        headers: { authorization: "Bearer test-key" },
        body: JSON.stringify({ model: "qwen3-rerank", input: { query: "q", documents: ["a"] } }),
      });
    expect((await send()).status).toBe(200);
    const refused = await send();
    expect([refused.status, refused.headers.get("retry-after")]).toEqual([429, "1"]);
  }, 60_000);
});
