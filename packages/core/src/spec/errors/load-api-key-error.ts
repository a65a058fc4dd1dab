import { RerankError } from "./rerank-error.js";

/** No API key was given and the environment variable is unset or empty. */
export class LoadAPIKeyError extends RerankError {
  constructor({ message }: { message: string }) {
    super({ name: "LoadAPIKeyError", code: "RERANK_ERR_LOAD_API_KEY", message });
  }

  static override isInstance(error: unknown): error is LoadAPIKeyError {
    return RerankError.hasMarker(error, "RERANK_ERR_LOAD_API_KEY");
  }
}
