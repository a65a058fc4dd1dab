import type Sharp from "sharp";

/** The `sharp` function, as the optional peer dependency exports it. */
export type SharpModule = typeof Sharp;

/** Loads `sharp` or answers `undefined`; the default `ResolveOptions.loadSharp`. */
export type LoadSharp = () => Promise<SharpModule | undefined>;

let loading: Promise<SharpModule | undefined> | undefined;

/**
 * `sharp` if it can be loaded, else `undefined`; tried once per process. A dynamic import keeps the native module
 * out of the way of everyone who never sends a large inline image, and a failure of any kind (not installed, no
 * binary for this platform) only means images go as they are. In the CommonJS build the bundler turns the import
 * into a `require` inside a promise, so a missing module is a rejection there too, never a crash at load time.
 */
export const loadSharp: LoadSharp = () => {
  loading ??= import("sharp").then(
    (module) => ((module as { default?: SharpModule }).default ?? module) as SharpModule,
    () => undefined,
  );
  return loading;
};
