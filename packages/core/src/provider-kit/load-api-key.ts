import { LoadAPIKeyError } from "../spec/errors/load-api-key-error.js";

/** The key from the option, else from the environment, read when first needed so that imports never fail. */
export function loadApiKey({
  apiKey,
  environmentVariableName,
  description,
}: {
  apiKey: string | undefined;
  environmentVariableName: string;
  description: string;
}): string {
  if (typeof apiKey === "string" && apiKey.trim() !== "") return apiKey;
  const fromEnvironment = process.env[environmentVariableName];
  if (typeof fromEnvironment === "string" && fromEnvironment.trim() !== "") return fromEnvironment.trim();
  throw new LoadAPIKeyError({
    message: `${description} API key is missing. Pass it using the 'apiKey' option or set the ${environmentVariableName} environment variable.`,
  });
}
