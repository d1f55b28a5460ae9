/**
 * Runs the drill-rig simulator in its own process for integration tests and benchmarks (so a test can kill it
 * and restart it on the same port). Prints `rig URL` once listening; exits on SIGTERM/SIGINT.
 * Usage: node --import tsx test/support/rig-sim-main.ts --port 0 --data-dir DIR [--stress N] [--stress-hz H]
 */
import { parseArgs } from 'node:util';
import { startRigServer } from '../../main/sim/rig/rig-server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string' },
    stress: { type: 'string', default: '0' },
    'stress-hz': { type: 'string', default: '10' },
    'max-per-call': { type: 'string', default: '1000' },
  },
});
if (!values['data-dir']) throw new Error('--data-dir is required');
const server = await startRigServer({
  host: values.host,
  port: Number(values.port),
  dataDir: values['data-dir'],
  stressItems: Number(values.stress),
  stressHz: Number(values['stress-hz']),
  maxMonitoredItemsPerCall: Number(values['max-per-call']),
});
process.stdout.write(`rig ${server.url}\n`);
const stop = () => void server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
