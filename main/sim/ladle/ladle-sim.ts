/** The ladle crane simulator: the ladle model behind Modbus RTU over TCP (`rec-console sim` name `ladle`, offset 1). */
import { runDevice } from '../modbus-server/plc/run-device';
import type { SimulatorSpec } from '../simulator';
import { MachineDevice } from '../modbus-server/plc/device';
import { serveRtuOverTcp, serveRtuSerialPort, type RtuEndpoint, type SerialSettings } from '../modbus-server/rtu-server';
import { ladleModel } from './ladle-map';
import type { LadleState } from './ladle-model';

/** Unit id the ladle crane answers. */
export const LADLE_UNIT_ID = 1;
/** Model tick of the running simulator (ms). */
export const LADLE_TICK_MS = 20;

/** A new ladle crane PLC with its scan timer running (stop() it when done). */
export function createLadleDevice(): MachineDevice<LadleState> {
  return new MachineDevice(ladleModel, { unitId: LADLE_UNIT_ID, tickMs: LADLE_TICK_MS, seed: 2 });
}

/** Serves a new ladle crane on a serial port or PTY (RTU framing), e.g. one end of a `socat` PTY pair. */
export async function serveLadleOnSerialPort(settings: SerialSettings): Promise<RtuEndpoint> {
  const device = createLadleDevice();
  return runDevice(device, () => serveRtuSerialPort(device, settings));
}

/** `ladle`: a steel-plant ladle crane PLC on Modbus RTU over TCP. */
export const ladleSimulator: SimulatorSpec = {
  name: 'ladle',
  description: 'steel-plant ladle crane (hoist, tilt, hook load, steel temperature) on Modbus RTU over TCP',
  portOffset: 1,
  async start({ host, port }) {
    const device = createLadleDevice();
    const listener = await runDevice(device, () => serveRtuOverTcp(device, host, port));
    return { name: 'ladle', url: `modbus-rtu-tcp://${host}:${listener.port}?unit=${LADLE_UNIT_ID}`, close: listener.close };
  },
};
