/** The container crane simulator: the crane model behind Modbus TCP (`rec-console sim` name `crane`, port offset 0). */
import type { SimulatorSpec } from '../simulator';
import { MachineDevice } from '../modbus-server/plc/device';
import { runDevice } from '../modbus-server/plc/run-device';
import { serveModbusTcp } from '../modbus-server/tcp-server';
import { craneModel } from './crane-map';

/** Unit id the crane answers. */
export const CRANE_UNIT_ID = 1;
/** Model tick of the running simulator (ms). */
export const CRANE_TICK_MS = 20;

/** `crane`: a ship-to-shore container crane PLC on Modbus TCP. */
export const craneSimulator: SimulatorSpec = {
  name: 'crane',
  description: 'container crane (gantry, trolley, hoist, spreader) on Modbus TCP',
  portOffset: 0,
  async start({ host, port }) {
    const device = new MachineDevice(craneModel, { unitId: CRANE_UNIT_ID, tickMs: CRANE_TICK_MS, seed: 1 });
    const listener = await runDevice(device, () => serveModbusTcp(device, host, port));
    return { name: 'crane', url: `modbus-tcp://${host}:${listener.port}?unit=${CRANE_UNIT_ID}`, close: listener.close };
  },
};
