import { createHash } from "node:crypto";
import type { Dispatcher } from "undici";
import { rerankDefaults } from "../defaults.js";
import { RerankAPIError } from "../spec/errors/rerank-api-error.js";
import { RerankNetworkError } from "../spec/errors/rerank-network-error.js";
import type {
  RerankModel,
  RerankModelCallOptions,
  RerankModelCallResult,
  RerankModelLimits,
} from "../spec/rerank-model.js";
import type { RetryBudget } from "../spec/retry-budget.js";
import { withRequestSpan } from "../telemetry/request-span.js";
import { jsonBody } from "./json-body.js";
import { type Endpoint, postJson, toEndpoint } from "./post-json.js";
import { type AnswerReader, readAnswer } from "./read-answer.js";
import { credentialsIn, redactResponse } from "./redact.js";

/** What a provider passes in; everything else about an HTTP rerank model is the same for every provider. */
export interface HttpRerankModelConfig<BODY> {
  /** The provider's id, e.g. `"dashscope"`. */
  provider: string;
  modelId: string;
  limits: RerankModelLimits;
  /** Where to POST: one URL, or several replicas that calls are spread over and fail over between. */
  urls: readonly string[];
  /** The provider's headers, credentials included; called per request so keys are read lazily. */
  headers: () => Readonly<Record<string, string>>;
  dispatcher: () => Dispatcher;
  /** The provider's retry budget, shared by all its models. */
  retryBudget: RetryBudget;
  /** The request body for one call, as a plain JSON value. */
  toBody: (options: RerankModelCallOptions) => unknown;
  reader: AnswerReader<BODY>;
}

/**
 * A `RerankModel` over HTTP: one POST per `doRerank`, its answer checked and its credentials redacted. With several
 * URLs, calls start at the next URL in turn, and a connection error or a 5xx moves the call on to the following one
 * with the same body, before `rerank()`'s own retries are spent.
 */
export function createHttpRerankModel<BODY>(config: HttpRerankModelConfig<BODY>): RerankModel {
  const endpoints = config.urls.map(toEndpoint);
  let next = 0;

  async function doRerank(options: RerankModelCallOptions): Promise<RerankModelCallResult> {
    const body = jsonBody(options, config.toBody);
    const headers = options.headers ? { ...config.headers(), ...options.headers } : config.headers();
    const first = next++ % endpoints.length;
    let lastError: unknown;
    for (let tried = 0; tried < endpoints.length; tried++) {
      try {
        return await post(endpoints[(first + tried) % endpoints.length]!, headers, body, options);
      } catch (error) {
        if (options.abortSignal?.aborted || !failsOver(error)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  async function post(
    endpoint: Endpoint,
    headers: Readonly<Record<string, string>>,
    body: ReturnType<typeof jsonBody>,
    options: RerankModelCallOptions,
  ): Promise<RerankModelCallResult> {
    const { documents, topN, abortSignal, timeoutMs = rerankDefaults.timeoutMs } = options;
    const dispatcher = config.dispatcher();
    const exchange = () => postJson({ endpoint, headers, body, dispatcher, abortSignal, timeoutMs });
    const response = await withRequestSpan(endpoint.url, exchange);
    const expected = {
      documentCount: documents.length,
      expectedCount: Math.min(topN ?? documents.length, documents.length),
    };
    return readAnswer(redactResponse(response, credentialsIn(headers)), config.reader, endpoint.url, expected);
  }

  // The headers hold the credential and the workspace; a digest of them and the URLs names the endpoint safely.
  const cacheScope = () =>
    createHash("sha256")
      .update(JSON.stringify([config.urls, config.headers()]))
      .digest("hex");
  const { provider, modelId, limits, retryBudget } = config;
  return { specificationVersion: "v1", provider, modelId, limits, retryBudget, cacheScope, doRerank };
}

/** Another replica may answer where this one could not: it was unreachable or failed on its side. */
const failsOver = (error: unknown): boolean =>
  RerankNetworkError.isInstance(error) || (RerankAPIError.isInstance(error) && error.status >= 500);
