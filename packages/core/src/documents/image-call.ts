import { availableParallelism } from "node:os";
import pLimit from "p-limit";
import type { RerankWarning } from "../spec/rerank-warning.js";
import { imageResizeDefaults } from "./image-resize-option.js";
import { type LoadSharp, loadSharp } from "./load-sharp.js";
import type { ResolveOptions } from "./resolve-options.js";

/** What one call does with its inline images, and what it has to report about them. */
export interface ImageCall {
  /** `undefined` when images go as they are: resizing is off, or neither the call nor the model sets a cap. */
  resize: { maxPixels: number; jpegQuality: number; capOf: "model" | "option" } | undefined;
  loadSharp: LoadSharp;
  /** Over the cap and sent as they are, because sharp could not be loaded: their Base64 length, and about theirs resized. */
  unresized: { count: number; base64Length: number; resizedLength: number };
  /** Over the cap, but sharp could not decode them, so they were sent as they are. */
  undecodable: number;
  /** Every image still being read or resized, the query's included, so the warnings wait for all of them. */
  pending: Array<Promise<unknown>>;
}

// One per call: prepare() hands the same options object to resolveQuery() and resolveDocuments(), so the query's
// image and the documents' share one count and one warning. Nothing is kept once the call drops its options.
const calls = new WeakMap<ResolveOptions, ImageCall>();

/** The image state of the call these options belong to, made on first use. */
export function imageCallOf(options: ResolveOptions): ImageCall {
  let call = calls.get(options);
  if (call === undefined) {
    call = {
      resize: resizeSettings(options),
      loadSharp: options.loadSharp ?? loadSharp,
      unresized: { count: 0, base64Length: 0, resizedLength: 0 },
      undecodable: 0,
      pending: [],
    };
    calls.set(options, call);
  }
  return call;
}

function resizeSettings(options: ResolveOptions): ImageCall["resize"] {
  const option = options.imageResize ?? true;
  if (option === false) return undefined;
  const settings = option === true ? {} : option;
  const maxPixels = settings.maxPixels ?? options.limits.maxImagePixels;
  if (maxPixels === undefined) return undefined;
  const capOf = settings.maxPixels === undefined ? "model" : "option";
  return { maxPixels, jpegQuality: settings.jpegQuality ?? imageResizeDefaults.jpegQuality, capOf };
}

// Decoding a 12-megapixel photo takes a libuv thread for tens of milliseconds. A few at a time, process-wide, leave
// the pool's other threads to DNS lookups and file reads, and keep the decoded pixels of a 40-photo batch from all
// being in memory at once.
const resizeSlots = pLimit(Math.max(1, Math.min(availableParallelism(), 3)));

/** Runs one resize when a slot is free. */
export const inResizeSlot = <T>(work: () => Promise<T>): Promise<T> => resizeSlots(work);

/** The call's one warning about its images, once every image of the call has settled; none when there is nothing to say. */
export async function imageWarnings(options: ResolveOptions): Promise<RerankWarning[]> {
  const call = calls.get(options);
  if (call === undefined) return [];
  // Settled, not all: a failed image is its document's business (or invalidMedia's), not the warning's.
  await Promise.allSettled(call.pending);
  return describeImages(call, options.modelId);
}

function describeImages(call: ImageCall, modelId: string): RerankWarning[] {
  const { unresized, undecodable, resize } = call;
  if (resize === undefined || (unresized.count === 0 && undecodable === 0)) return [];
  const pixels = `${resize.maxPixels.toLocaleString("en-US")}-pixel cap`;
  const cap = resize.capOf === "model" ? `${modelId}'s ${pixels}` : `the ${pixels} of imageResize.maxPixels`;
  const parts: string[] = [];
  if (unresized.count > 0) {
    parts.push(
      `${unresized.count} image(s) over ${cap} were sent at full size, ${megabytes(unresized.base64Length)} of Base64, ` +
        `because the optional package sharp is not installed or could not be loaded. Install it (npm i sharp) to ` +
        `resize them first: about ${megabytes(unresized.resizedLength)} instead, and the model reads no more pixels.`,
    );
  }
  if (undecodable > 0)
    parts.push(`${undecodable} image(s) over ${cap} could not be decoded to resize; sent as they are.`);
  return [{ type: "other", feature: "imageResize", details: parts.join(" ") }];
}

const megabytes = (length: number) =>
  length >= 100_000 ? `${(length / 1_000_000).toFixed(1)} MB` : `${Math.ceil(length / 1_000)} kB`;
