import { InvalidArgumentError } from "../spec/errors/invalid-argument-error.js";
import type { ImageInput, ResolvedDocument, VideoInput } from "../spec/rerank-document.js";
import { resolveImage } from "./resolve-image.js";
import type { ResolveOptions } from "./resolve-options.js";

/** A document that has an image or a video, resolved: what of it is sent follows `mixedContent`. */
export function resolveMedia(
  document: { text: string | undefined; image: ImageInput | null | undefined; video: VideoInput | null | undefined },
  argument: string,
  options: ResolveOptions,
): ResolvedDocument | Promise<ResolvedDocument> {
  const { text, image, video } = document;
  if (image != null && video != null) {
    throw new InvalidArgumentError({ argument, message: "a document may carry an image or a video, not both." });
  }
  const kind = image != null ? "image" : "video";
  if (!options.limits.supports[kind]) {
    throw new InvalidArgumentError({
      argument: `${argument}.${kind}`,
      message: `${options.modelId} takes text documents only here; send ${kind}s to qwen3-vl-rerank on the native endpoint.`,
    });
  }
  if (text !== undefined && options.mixedContent === "text") return { text };
  const sentText = options.mixedContent === "both" ? text : undefined;
  if (video != null) return withText(sentText, { video: resolveVideo(video, `${argument}.video`) });
  const resolved = resolveImage(image!, options, `${argument}.image`);
  if (resolved instanceof Promise) return resolved.then((media) => withText(sentText, media));
  return withText(sentText, resolved);
}

const withText = (text: string | undefined, media: ResolvedDocument): ResolvedDocument =>
  text === undefined ? media : { text, ...media };

function resolveVideo(video: VideoInput, argument: string): string {
  const text = typeof video === "string" ? video.trim() : video instanceof URL ? video.href : undefined;
  if (text === undefined || !/^https?:\/\/[^/\s]/i.test(text)) {
    throw new InvalidArgumentError({
      argument,
      message: "video must be an http(s) URL; DashScope takes video by URL only, not as bytes or a local file.",
    });
  }
  return text;
}
