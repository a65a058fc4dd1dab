import { InvalidArgumentError } from "./errors/invalid-argument-error.js";
import type { RerankModel } from "./rerank-model.js";

const supportedVersion = "v1";

/** The model of a call, refused before any request when it implements another version of the interface. */
export function resolveModel(model: RerankModel): RerankModel {
  if (model.specificationVersion !== supportedVersion) {
    throw new InvalidArgumentError({
      argument: "model",
      message: `specificationVersion ${JSON.stringify(model.specificationVersion)} is not supported; this version of @qwen-rerank/core implements "${supportedVersion}".`,
    });
  }
  return model;
}
