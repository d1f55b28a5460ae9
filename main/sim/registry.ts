/** Every built-in simulator, in start order. Each simulator's module adds its spec here. */
import type { SimulatorSpec } from './simulator';
import { craneSimulator } from './crane/crane-sim';
import { ladleSimulator } from './ladle/ladle-sim';
import { rigSimulator } from './rig';

export const simulators: readonly SimulatorSpec[] = [craneSimulator, ladleSimulator, rigSimulator];

export { DEFAULT_BASE_PORT } from './ports';
