/** Vite builds the renderer into dist/renderer with relative paths (loaded from file:// in Electron, from / in serve mode). */
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { rendererCsp } from './shared/security/csp.ts';

/** Puts the one CSP into the page itself, so it holds wherever the page is loaded from (file:// has no headers). */
function cspMeta(): Plugin {
  return {
    name: 'rec-csp-meta',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: rendererCsp() }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMeta()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // No source maps: the build is what serve mode serves and what is packaged, and maps would ship our sources.
    sourcemap: false,
    // The CSP forbids inline scripts and styles: keep everything in files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
