/**
 * The engine process's V8 setting. Telemetry frames are ArrayBuffers outside the JS heap (one per client per frame:
 * Electron's port clones them, serve mode writes them to a socket). Before V8 14.8, buffer memory allocated since
 * the last full collection (less what minor collections freed; dead buffers count until they are swept) starts a
 * new full collection after every few tens of MB: at high rates the frames' churn alone did that about once a
 * second, and each time the whole site model was marked (133 MB of heap at 200k signals): at 2M updates/s, 5–6 full
 * collections in 6 s. Counting what buffers hold within the same global limit as the heap is how V8 works from 14.8
 * (the flag became the default and was removed there: V8 bug 361124432); on the V8s before it (Node 24: 13.6;
 * Electron 45: 14.2) the engine asks for it: 1–3 full collections in 6 s and 20–45 % less engine CPU at that rate
 * (test/bench/telemetry-pipeline.ts). Node 22 and 23 (V8 12) are left as they are.
 *
 * What it costs: dead buffers are released later, so a busy engine holds more buffer memory between collections.
 * What limits it: V8's hard limit on external memory (half the heap limit) still forces a full collection, so on a
 * small heap limit (a host with ≤ 3 GB) the gain shrinks. A small heap gains nothing (the bare baseline, measured
 * with the flag, was no faster). A flag given on the command line or in NODE_OPTIONS, either way, is left alone.
 */
import { setFlagsFromString } from 'node:v8';

const FLAG = 'external-memory-accounted-in-global-limit';

/** Whether V8 `version` has the flag and needs it: from 13 (Node 24's 13.6; Node 22's 12.4 is left alone) until 14.8. */
export function needsHeapTuning(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major >= 13 && (major < 14 || (major === 14 && minor < 8));
}

/** Whether the flag was set when the process started (`--flag` or `--no-flag`, in its arguments or NODE_OPTIONS). */
export function flagGivenAtStart(execArgv: readonly string[], nodeOptions = ''): boolean {
  const given = (arg: string) => arg === `--${FLAG}` || arg === `--no-${FLAG}`;
  return execArgv.some(given) || nodeOptions.split(/\s+/).some(given);
}

/** Applies the setting once per engine process, before the site is loaded; returns what it did, for the log. */
export function tuneEngineHeap(): 'applied' | 'not needed' | 'given at start' {
  if (!needsHeapTuning(process.versions.v8)) return 'not needed';
  if (flagGivenAtStart(process.execArgv, process.env.NODE_OPTIONS)) return 'given at start';
  setFlagsFromString(`--${FLAG}`);
  return 'applied';
}
