import sharp from "sharp";

/**
 * Photo-like JPEGs, made once in memory: Gaussian noise at three scales (grain, texture, shapes) over grey, which a
 * JPEG encoder squeezes about as much as a real photo (4032×3024 at quality 85 comes out at about 6 MB; resized to
 * 1.8 megapixels, under 1 MB). Each photo is the same texture shifted in brightness, so every one is distinct and
 * dedupe sends them all.
 */
export async function makePhotos(count: number, width: number, height: number): Promise<Buffer[]> {
  const layers = await Promise.all([
    layer(width, height, 1, 18),
    layer(width, height, 4, 30),
    layer(width, height, 32, 60),
  ]);
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = layers[0]![i]! + layers[1]![i]! + layers[2]![i]! - 256;
  const photos: Buffer[] = [];
  // One at a time: 40 full-size encodes at once would hold 40 decoded copies.
  for (let index = 0; index < count; index++) {
    const shifted = sharp(raw, { raw: { width, height, channels: 3 } }).linear(1, index - count / 2);
    photos.push(await shifted.jpeg({ quality: 85 }).toBuffer());
  }
  return photos;
}

/** Noise of standard deviation `sigma` at 1/`scale` of the size, scaled up smoothly. */
async function layer(width: number, height: number, scale: number, sigma: number): Promise<Buffer> {
  const small = { width: Math.ceil(width / scale), height: Math.ceil(height / scale), channels: 3 as const };
  const noise = sharp({ create: { ...small, background: "#808080", noise: { type: "gaussian", mean: 128, sigma } } });
  if (scale === 1) return noise.raw().toBuffer();
  const pixels = await noise.raw().toBuffer();
  return sharp(pixels, { raw: small }).resize(width, height, { kernel: "cubic" }).raw().toBuffer();
}
