/**
 * A parent of `rec-console sim` that can be killed without warning (sim-command.test.ts): starts the crane
 * simulator through spawnSimulators, prints `PID PORT` of the child, then idles until killed.
 * Usage: node --import tsx sim-parent-main.ts DATA_DIR
 */
import { spawnSimulators } from '../../main/cli/sim-process';

const sims = await spawnSimulators(['--only', 'crane', '--base-port', '0', '--data-dir', process.argv[2] ?? '.'], 1);
const port = new URL(sims.endpoints.get('crane') ?? '').port;
process.stdout.write(`${sims.child.pid} ${port}\n`);
setInterval(() => undefined, 60_000);
