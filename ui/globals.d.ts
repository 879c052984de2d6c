/** Injected by scripts/build-ui.mjs from package.json. */
declare const __APP_VERSION__: string;
