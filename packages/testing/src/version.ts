declare const __PACKAGE_VERSION__: string | undefined;

/** The package version, injected by tsup; `0.0.0-dev` when the sources run directly (tsx). */
export const VERSION: string = typeof __PACKAGE_VERSION__ === "string" ? __PACKAGE_VERSION__ : "0.0.0-dev";
