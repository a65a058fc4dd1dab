import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { routePaths } from "./route-dialect.js";
import { startRerankServer } from "./start-rerank-server.js";
import { VERSION } from "./version.js";

const usage = `Usage: qwen-rerank-server [options]

A local HTTP server that speaks DashScope's rerank API with a lexical stand-in scorer (not the model).

Options:
  --port <n>          port to listen on; 0 picks a free one          (default: 8787)
  --host <address>    interface to listen on                          (default: 127.0.0.1)
  --api-key <key>     accepted Bearer key; repeat for several         (default: test-key)
  --no-auth           accept any or no Authorization header
  --captions <file>   JSON object: image/video URL -> caption words
  --latency-ms <n>    delay added to every rerank call                (default: 0)
  --canned-response   bench mode: fixed ranking, no scoring
  --rpm <n>           requests per minute per key, n/60 a second      (default: no limit)
  --tpm <n>           tokens per minute per key, n/60 a second        (default: no limit)
  --version           print the version
  -h, --help          print this help
`;

function fail(message: string): never {
  process.stderr.write(`qwen-rerank-server: ${message}\n\n${usage}`);
  process.exit(2);
}

function readNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) fail(`--${name} must be a non-negative integer, got "${value}"`);
  return number;
}

// A quota of 0 would refuse everything; a positive integer or no quota at all.
function readQuota(values: { rpm?: string | undefined; tpm?: string | undefined }) {
  const read = (value: string | undefined, name: string): number | undefined => {
    if (value === undefined) return undefined;
    const number = readNumber(value, name, 0);
    if (number === 0) fail(`--${name} must be a positive integer, got "${value}"`);
    return number;
  };
  const requestsPerMinute = read(values.rpm, "rpm");
  const tokensPerMinute = read(values.tpm, "tpm");
  return {
    ...(requestsPerMinute === undefined ? {} : { requestsPerMinute }),
    ...(tokensPerMinute === undefined ? {} : { tokensPerMinute }),
  };
}

function readCaptions(file: string | undefined): Record<string, string> | undefined {
  if (file === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    fail(`cannot read captions from ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const valid =
    typeof parsed === "object" &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((value) => typeof value === "string");
  if (!valid) fail(`${file} must hold a JSON object of URL -> caption strings`);
  return parsed as Record<string, string>;
}

const cliOptions = {
  port: { type: "string" },
  host: { type: "string" },
  "api-key": { type: "string", multiple: true },
  "no-auth": { type: "boolean" },
  captions: { type: "string" },
  "latency-ms": { type: "string" },
  "canned-response": { type: "boolean" },
  rpm: { type: "string" },
  tpm: { type: "string" },
  version: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function readArgs() {
  try {
    return parseArgs({ options: cliOptions, strict: true }).values;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<void> {
  const values = readArgs();
  if (values.help) return void process.stdout.write(usage);
  if (values.version) return void process.stdout.write(`${VERSION}\n`);
  if (values["no-auth"] && values["api-key"]) fail("--api-key and --no-auth exclude each other");

  const captions = readCaptions(values.captions);
  const server = await startRerankServer({
    port: readNumber(values.port, "port", 8787),
    latencyMs: readNumber(values["latency-ms"], "latency-ms", 0),
    cannedResponse: values["canned-response"] ?? false,
    quota: readQuota(values),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values["no-auth"] ? { apiKey: null } : values["api-key"] ? { apiKey: values["api-key"] } : {}),
    ...(captions === undefined ? {} : { captions }),
  });
  const routes = `native: ${routePaths.native}, compatible: ${routePaths.compatible}, vllm: ${routePaths.vllm}`;
  process.stdout.write(`qwen-rerank-server listening on ${server.url} (${routes})\n`);
  const stop = (): void => {
    void server.close().then(() => {
      process.exitCode = 0;
    });
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

// No top-level await: tsup also emits this entry as CommonJS.
main().catch((error: unknown) => {
  process.stderr.write(`qwen-rerank-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
