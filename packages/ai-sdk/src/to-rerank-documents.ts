import type { RerankingModelV3CallOptions, SharedV3Warning } from "@ai-sdk/provider";
import type { RerankDocument } from "@qwen-rerank/core";

const documentKeys = ["text", "image", "video"] as const;

/**
 * The AI SDK's documents as the core's: a string is a text document; an object with `text`, `image` or `video` is a
 * document of those fields (its other keys are not scored, and `rerank()` still returns your whole object); any
 * other value is sent as its JSON text, as the AI SDK's Cohere provider does, with a compatibility warning.
 * Values are passed on untouched, so the core checks and resolves them (media, empty documents) as it always does.
 */
export function toRerankDocuments(documents: RerankingModelV3CallOptions["documents"]): {
  documents: RerankDocument[];
  warnings: SharedV3Warning[];
} {
  let asJson = 0;
  // Read each value for what it is: `rerank()` decides the list's `type` from its first document only.
  const converted = (documents.values as readonly unknown[]).map((value): RerankDocument => {
    if (typeof value === "string") return value;
    const fields = documentFields(value);
    if (fields !== undefined) return fields;
    asJson++;
    return JSON.stringify(value) as RerankDocument;
  });
  const warnings: SharedV3Warning[] =
    asJson === 0
      ? []
      : [
          {
            type: "compatibility",
            feature: "object documents",
            details: `${asJson} object document(s) without text, image or video are sent as their JSON text.`,
          },
        ];
  return { documents: converted, warnings };
}

function documentFields(value: unknown): RerankDocument | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const key of documentKeys)
    if (Object.hasOwn(record, key) && record[key] !== undefined) fields[key] = record[key];
  return Object.keys(fields).length === 0 ? undefined : (fields as RerankDocument);
}
