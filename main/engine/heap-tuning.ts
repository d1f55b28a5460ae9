/**
 * The engine process's V8 setting. Telemetry frames are ArrayBuffers outside the JS heap (one per client per frame:
 * Electron's port clones them, serve mode writes them to a socket), and by default V8 starts a full collection
 * whenever such external memory has grown by a fixed amount since the last one. At high rates the frames' churn
 * alone did that about once a second, and each time the whole site model was marked (133 MB of heap at 200k
 * signals): at 2M updates/s, 5–6 full collections in 6 s. Counted within the heap's global limit instead, the
 * allowance grows with the heap: 1–3 in 6 s and 20–30 % less engine CPU at that rate (test/bench/telemetry-pipeline.ts).
 * A small heap gains nothing from it (the bare baseline, measured with it, was no faster).
 */
import { setFlagsFromString } from 'node:v8';

const FLAG = '--external-memory-accounted-in-global-limit';
/** The first V8 with the flag that this project runs on is Node 24's (13.6); older ones would print an error line. */
const FIRST_V8_MAJOR = 13;

/** Applies the setting; call once per engine process, before the site is loaded. Returns whether it was applied. */
export function tuneEngineHeap(v8Version: string = process.versions.v8): boolean {
  if (Number.parseInt(v8Version, 10) < FIRST_V8_MAJOR) return false;
  setFlagsFromString(FLAG);
  return true;
}
