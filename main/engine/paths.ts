/** Where the built renderer and the demo site live, relative to this source tree. */
import { fileURLToPath } from 'node:url';

/** The project root (two levels above main/engine/). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The built renderer served in serve mode and loaded by Electron. */
export const RENDERER_DIST = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));
