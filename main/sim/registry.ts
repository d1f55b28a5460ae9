/** Every built-in simulator, in start order. Each simulator's module adds its spec here. */
import type { SimulatorSpec } from './simulator';
import { rigSimulator } from './rig';

export const simulators: readonly SimulatorSpec[] = [rigSimulator];

/** Default first port; simulator i listens on DEFAULT_BASE_PORT + its portOffset (the demo site uses these). */
export const DEFAULT_BASE_PORT = 15020;
