import { InvalidArgumentError } from "./invalid-argument-error.js";
import { LoadAPIKeyError } from "./load-api-key-error.js";
import { RerankError } from "./rerank-error.js";

/**
 * Whether an error is the service failing (an outage, a throttle that outlasted the retries, a bad answer) rather
 * than the caller's input or setup. Plugins degrade gracefully around the first kind only: bad input and a missing
 * key never heal on their own, so hiding them would hide a bug.
 */
export function isServiceFailure(error: unknown): error is RerankError {
  return RerankError.isInstance(error) && !InvalidArgumentError.isInstance(error) && !LoadAPIKeyError.isInstance(error);
}
