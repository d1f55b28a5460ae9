import type { BuildOptions } from 'esbuild';

/** esbuild options for the engine's Node bundles (bundle-options.mjs). */
export declare const nodeBundleOptions: BuildOptions;
