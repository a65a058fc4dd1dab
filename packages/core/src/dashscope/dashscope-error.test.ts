import { describe, expect, it } from "vitest";
import { readAnswer } from "../provider-kit/read-answer.js";
import { RerankAPIError } from "../spec/errors/rerank-api-error.js";
import { isRetryableDashScopeError, readDashScopeError } from "./dashscope-error.js";
import { nativeReader } from "./dashscope-readers.js";

const answer = (status: number, body: unknown) => ({ status, headers: {}, body: JSON.stringify(body) });

describe("reading DashScope's errors as the real API words them (docs/dashscope-api.md §10.3, §10.5)", () => {
  it("treats a spent quota as final and says so, but retries TPM throttling that shares its code", () => {
    const spent = { code: "Throttling.AllocationQuota", message: "Your token-plan quota has been exhausted." };
    const tpm = {
      code: "Throttling.AllocationQuota",
      message: "Allocated quota exceeded, please increase your quota limit.",
    };
    expect(isRetryableDashScopeError(429, spent.code, spent.message)).toBe(false);
    expect(isRetryableDashScopeError(429, tpm.code, tpm.message)).toBeUndefined();
    expect(isRetryableDashScopeError(429, "Throttling.ResourceExhausted", "[Too many requests.]")).toBeUndefined();
  });

  it("keeps the code and message of every error shape seen, whatever their types", () => {
    expect(
      readDashScopeError({ code: "InvalidApiKey", message: "Invalid API-key provided.", request_id: "r-1" }),
    ).toEqual({
      code: "InvalidApiKey",
      message: "Invalid API-key provided.",
      requestId: "r-1",
    });
    const proxy = {
      object: "error",
      message: "The model does not support Rerank (Score) API",
      type: "BadRequestError",
      param: null,
      code: 400,
    };
    expect(readDashScopeError(proxy)).toEqual({
      code: "BadRequestError",
      message: proxy.message,
      requestId: undefined,
    });
    const compatible = {
      error: {
        message: "Unsupported model `qwen3-vl-rerank` for OpenAI compatibility mode.",
        code: "model_not_supported",
      },
    };
    expect(readDashScopeError(compatible).code).toBe("model_not_supported");
    expect(readDashScopeError({ error: { code: "Throttling.ResourceExhausted", message: "slow down" } })).toMatchObject(
      {
        code: "Throttling.ResourceExhausted",
        message: "slow down",
      },
    );
    expect(readDashScopeError({ error: "Unauthorized" }).message).toBe("Unauthorized");
  });

  it("turns a spent quota into a non-retryable error whose message says the quota is spent", () => {
    const body = {
      code: "Throttling.AllocationQuota",
      message: "Your token-plan quota has been exhausted.",
      request_id: "r-9",
    };
    // The reader the model uses, driven directly: no socket adds anything here.
    const read = () => readAnswer(answer(429, body), nativeReader, "http://x", { documentCount: 1, expectedCount: 1 });
    let error: unknown;
    try {
      read();
    } catch (caught) {
      error = caught;
    }
    expect(RerankAPIError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 429,
      apiCode: "Throttling.AllocationQuota",
      requestId: "r-9",
      isRetryable: false,
    });
    expect((error as Error).message).toMatch(/quota is spent/);
  });
});
