/**
 * A parent of `rec-console sim` that can be killed without warning (sim-command.test.ts): starts simulators through
 * spawnSimulators, then idles until killed. Prints `PID PORT` of the child once the crane announced itself; with
 * `--early`, starts every simulator (the rig takes seconds) and prints `spawned` at once, before any announced.
 * Usage: node --import tsx sim-parent-main.ts DATA_DIR [--early]
 */
import { spawnSimulators } from '../../main/cli/sim-process';
import { simulators } from '../../main/sim/registry';

const [dataDir = '.', mode] = process.argv.slice(2);
setInterval(() => undefined, 60_000);
if (mode === '--early') {
  void spawnSimulators(['--base-port', '0', '--data-dir', dataDir], simulators.length).catch(() => undefined);
  process.stdout.write('spawned\n');
} else {
  const sims = await spawnSimulators(['--only', 'crane', '--base-port', '0', '--data-dir', dataDir], 1);
  process.stdout.write(`${sims.child.pid} ${new URL(sims.endpoints.get('crane') ?? '').port}\n`);
}
