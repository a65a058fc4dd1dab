import { RerankError } from "./rerank-error.js";

/** The input was refused before any request was sent. `argument` names the offending option, e.g. `documents[3].image`. */
export class InvalidArgumentError extends RerankError {
  readonly argument: string;

  constructor({ argument, message, cause }: { argument: string; message: string; cause?: unknown }) {
    super({
      name: "InvalidArgumentError",
      code: "RERANK_ERR_INVALID_ARGUMENT",
      message: `Invalid argument ${argument}: ${message}`,
      cause,
    });
    this.argument = argument;
  }

  static override isInstance(error: unknown): error is InvalidArgumentError {
    return RerankError.hasMarker(error, "RERANK_ERR_INVALID_ARGUMENT");
  }
}
