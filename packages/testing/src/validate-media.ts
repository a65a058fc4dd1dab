// docs/dashscope-api.md §2.3: JPEG, PNG, WEBP, BMP, TIFF, ICO, DIB, ICNS, SGI. The data-URI form itself is [T]
// (esperanto's `^data:image/<fmt>;base64,<b64>$`), so the common MIME spellings of each format are accepted.
const imageFormats =
  "jpeg|jpg|png|webp|bmp|x-ms-bmp|x-bmp|dib|tiff|tif|x-icon|ico|vnd\\.microsoft\\.icon|icns|x-icns|sgi|x-sgi|rgb";
const dataUriPattern = new RegExp(`^data:image/(?:${imageFormats});base64,[A-Za-z0-9+/]+={0,2}$`, "i");

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

// docs/dashscope-api.md §2.3
/**
 * An image is an http(s) URL or a Base64 data URI of a documented format.
 * See https://www.alibabacloud.com/help/en/model-studio/text-rerank-api.
 */
export function isImageReference(value: unknown): value is string {
  return typeof value === "string" && (isHttpUrl(value) || dataUriPattern.test(value));
}

// docs/dashscope-api.md §2.3
/** Videos are accepted by URL only. */
export function isVideoUrl(value: unknown): value is string {
  return typeof value === "string" && isHttpUrl(value);
}
