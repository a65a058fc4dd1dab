import type { MixedContent } from "../spec/rerank-document.js";
import type { RerankModelLimits } from "../spec/rerank-model.js";
import type { ImageResizeOption } from "./image-resize-option.js";
import type { LoadSharp } from "./load-sharp.js";

export interface ResolveOptions {
  limits: RerankModelLimits;
  modelId: string;
  mixedContent: MixedContent;
  allowedLocalRoots: readonly string[] | undefined;
  /** `"rankLast"`: a document with nothing to score is left out of the requests instead of refused. */
  emptyDocuments: "error" | "rankLast";
  /** `"skip"`: media that cannot be used is left out with a warning, and the document goes on with its text. */
  invalidMedia: "error" | "skip";
  /** The call's `imageResize` option; unset means on, at the model's `maxImagePixels`. */
  imageResize?: ImageResizeOption | undefined;
  /** Where `sharp` comes from; tests pass one that answers `undefined`. @default loadSharp */
  loadSharp?: LoadSharp | undefined;
}

/** Whether `text` has a character to score; a printable ASCII first character settles it without a regex. */
export function hasText(text: unknown): text is string {
  if (typeof text !== "string") return false;
  const first = text.charCodeAt(0);
  return (first > 32 && first < 127) || /\S/.test(text);
}
