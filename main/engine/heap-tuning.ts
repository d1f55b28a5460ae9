/**
 * The engine process's V8 setting. Telemetry frames are ArrayBuffers outside the JS heap (one per client per frame:
 * Electron's port clones them, serve mode writes them to a socket). Before V8 14.8, V8 counts every byte allocated
 * in such buffers since the last full collection, dead or alive, and starts a new one after every few tens of MB: at
 * high rates the frames' churn alone did that about once a second, and each time the whole site model was marked
 * (133 MB of heap at 200k signals): at 2M updates/s, 5–6 full collections in 6 s. Counting what the buffers hold,
 * within the same global limit as the heap, is how V8 works from 14.8 (the flag became the default and was removed);
 * on the V8s before it (Node 24: 13.6; Electron 45: 14.2) the engine asks for it: 1–3 full collections in 6 s and
 * 20–30 % less engine CPU at that rate (test/bench/telemetry-pipeline.ts). A small heap gains nothing from it (the
 * bare baseline, measured with it, was no faster).
 */
import { setFlagsFromString } from 'node:v8';

const FLAG = '--external-memory-accounted-in-global-limit';

/** Whether V8 `version` has the flag and needs it: from 13 (Node 24's 13.6; Node 20's 11.3 lacks it) until 14.8. */
export function needsHeapTuning(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major >= 13 && (major < 14 || (major === 14 && minor < 8));
}

/** Applies the setting; call once per engine process, before the site is loaded. Returns whether it was applied. */
export function tuneEngineHeap(v8Version: string = process.versions.v8): boolean {
  if (!needsHeapTuning(v8Version)) return false;
  setFlagsFromString(FLAG);
  return true;
}
