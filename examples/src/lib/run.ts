/**
 * What every example shares: read `examples/.env`, pick the backend (the real DashScope API when
 * `DASHSCOPE_API_KEY` is set, else `@qwen-rerank/testing` started in this process), print typed errors in one line
 * and exit 1 on failure.
 */
import { fileURLToPath } from "node:url";
import { createDashScope, createVLLM, RerankError, type RerankModel } from "@qwen-rerank/core";
import { type RerankServer, startRerankServer } from "@qwen-rerank/testing";
import { config as loadDotenv } from "dotenv";

// An explicit path, so examples read examples/.env whether they are started from the repo root or from examples/.
loadDotenv({ path: fileURLToPath(new URL("../../.env", import.meta.url)), quiet: true });

export type BackendName = "dashscope" | "vllm";

export interface Backend {
  backend: BackendName;
  /** `dashscope` or `vllm`: the provider the model talks to. */
  provider: string;
  /** Base URL the model posts to: `…/api/v1` for DashScope, the server root for vLLM. */
  baseURL: string;
  /** The key sent as a bearer token. Offline it is the local server's test key; never print it. */
  apiKey: string;
  modelId: string;
  model: RerankModel;
  /** True when no API key was set and the local stand-in server answers instead of the model. */
  offline: boolean;
  /** The local server, offline only: queue faults on it, read its recorded calls. */
  server: RerankServer | undefined;
  /** First line every example prints: where its requests go. */
  banner: string;
  close(): Promise<void>;
}

export interface BackendOptions {
  /** Words standing in for each image or video on the local server, keyed by URL or data URI (see `serverCaptions`). */
  captions?: Record<string, string>;
  /** @default "dashscope", or `--backend vllm` on the command line */
  backend?: BackendName;
  /** Use the local server even when a key is set (the error example needs its fault queue). @default QWEN_RERANK_OFFLINE=1 */
  forceOffline?: boolean;
  /** Added latency on the local server, in ms, so progress output is visible. @default 0 */
  latencyMs?: number;
}

const offlineKey = "offline-demo-key";
const vllmModelId = () => process.env.VLLM_MODEL ?? "Qwen/Qwen3-VL-Reranker-2B";

/** `--backend vllm` / `--backend=vllm` from argv; `dashscope` otherwise. */
export function backendFromArgv(argv: readonly string[] = process.argv.slice(2)): BackendName {
  const index = argv.findIndex((arg) => arg === "--backend" || arg.startsWith("--backend="));
  if (index === -1) return "dashscope";
  const value = argv[index]!.includes("=") ? argv[index]!.split("=")[1] : argv[index + 1];
  if (value !== "dashscope" && value !== "vllm")
    throw new Error(`--backend must be "dashscope" or "vllm", got "${value ?? ""}"`);
  return value;
}

/** Starts the backend the environment asks for. Call `close()` when done (`run()` does it for you). */
export async function startBackend(options: BackendOptions = {}): Promise<Backend> {
  const backend = options.backend ?? backendFromArgv();
  const forceOffline = options.forceOffline ?? process.env.QWEN_RERANK_OFFLINE === "1";
  const dashscopeKey = process.env.DASHSCOPE_API_KEY?.trim() || undefined;
  const vllmURL = process.env.VLLM_BASE_URL?.trim() || undefined;
  const online = !forceOffline && (backend === "vllm" ? vllmURL !== undefined : dashscopeKey !== undefined);

  if (online && backend === "dashscope") {
    const modelId = process.env.QWEN_RERANK_MODEL ?? "qwen3-vl-rerank";
    const provider = createDashScope({ apiKey: dashscopeKey });
    return {
      backend,
      provider: "dashscope",
      baseURL: provider.baseURL,
      apiKey: dashscopeKey!,
      modelId,
      model: provider.rerankModel(modelId),
      offline: false,
      server: undefined,
      banner: `online: DashScope API at ${provider.baseURL}, model ${modelId} (DASHSCOPE_API_KEY is set; calls are billed)`,
      close: async () => {},
    };
  }
  if (online && backend === "vllm") {
    const modelId = vllmModelId();
    return {
      backend,
      provider: "vllm",
      baseURL: vllmURL!,
      apiKey: process.env.VLLM_API_KEY ?? "",
      modelId,
      model: createVLLM({ baseURL: vllmURL! }).rerankModel(modelId),
      offline: false,
      server: undefined,
      banner: `online: vLLM server at ${vllmURL}, model ${modelId}`,
      close: async () => {},
    };
  }

  const server = await startRerankServer({
    apiKey: offlineKey,
    captions: options.captions ?? {},
    latencyMs: options.latencyMs ?? 0,
  });
  const offlineBanner = "offline: local DashScope-compatible server, lexical stand-in scorer, not the model";
  if (backend === "vllm") {
    const modelId = vllmModelId();
    return {
      backend,
      provider: "vllm",
      baseURL: server.url,
      apiKey: offlineKey,
      modelId,
      model: createVLLM({ baseURL: server.url, apiKey: offlineKey }).rerankModel(modelId),
      offline: true,
      server,
      banner: `${offlineBanner} (vLLM route ${server.url}/v1/rerank; set VLLM_BASE_URL for a real server)`,
      close: () => server.close(),
    };
  }
  const modelId = process.env.QWEN_RERANK_MODEL ?? "qwen3-vl-rerank";
  const baseURL = `${server.url}/api/v1`;
  const provider = createDashScope({ apiKey: offlineKey, baseURL });
  return {
    backend,
    provider: "dashscope",
    baseURL,
    apiKey: offlineKey,
    modelId,
    model: provider.rerankModel(modelId),
    offline: true,
    server,
    banner: `${offlineBanner} (${baseURL}; set DASHSCOPE_API_KEY to call the real API)`,
    close: () => server.close(),
  };
}

/** One line naming the error class and what it carries: code, status, apiCode, requestId, and the message. */
export function formatError(error: unknown): string {
  if (!(error instanceof Error)) return `error: ${String(error)}`;
  if (!RerankError.isInstance(error)) return `${error.name}: ${error.message}`;
  const fields = error as RerankError &
    Partial<Record<"status" | "apiCode" | "requestId" | "reason" | "argument" | "timeoutMs" | "networkCode", unknown>>;
  const details = (["status", "apiCode", "requestId", "reason", "argument", "timeoutMs", "networkCode"] as const)
    .filter((key) => fields[key] !== undefined)
    .map((key) => `${key}=${String(fields[key])}`);
  return `${error.name} [${error.code}${details.length > 0 ? ` ${details.join(" ")}` : ""}]: ${error.message}`;
}

/**
 * Runs an example: starts the backend, prints its banner first, runs `main`, closes the backend, and on any error
 * prints one line (`formatError`) to stderr and exits 1.
 */
export function run(
  main: (backend: Backend) => Promise<void>,
  options: BackendOptions & { quietBanner?: boolean } = {},
): void {
  void (async () => {
    let backend: Backend | undefined;
    try {
      backend = await startBackend(options);
      (options.quietBanner ? console.error : console.log)(backend.banner);
      await main(backend);
    } catch (error) {
      console.error(formatError(error));
      process.exitCode = 1;
    } finally {
      await backend?.close();
    }
  })();
}
