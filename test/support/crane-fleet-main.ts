/**
 * A fleet of container-crane PLCs for load tests: `--count N` crane simulators (the real crane model and Modbus TCP
 * server), each on its own ephemeral port with its own noise seed, in one process. Prints `crane-<n> URL` per crane,
 * then `# ready`; stops on SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import { craneModel } from '../../main/sim/crane/crane-map';
import { MachineDevice } from '../../main/sim/modbus-server/plc/device';
import { runDevice } from '../../main/sim/modbus-server/plc/run-device';
import { serveModbusTcp } from '../../main/sim/modbus-server/tcp-server';

const { values } = parseArgs({ options: { count: { type: 'string', default: '50' }, 'tick-ms': { type: 'string', default: '50' } } });
const count = Number(values.count);
const tickMs = Number(values['tick-ms']);
const closers: (() => Promise<void>)[] = [];
for (let n = 1; n <= count; n++) {
  const device = new MachineDevice(craneModel, { unitId: 1, tickMs, seed: n * 7919 });
  const listener = await runDevice(device, () => serveModbusTcp(device, '127.0.0.1', 0));
  closers.push(listener.close);
  process.stdout.write(`crane-${n} modbus-tcp://127.0.0.1:${listener.port}?unit=1\n`);
}
process.stdout.write('# ready\n');
const stop = () => void Promise.all(closers.map((close) => close())).then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
