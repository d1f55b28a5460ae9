/** URL scheme → device probe. Each protocol's probe module registers here with one line. */
import type { DeviceProbe } from './probe';
import { modbusProbe } from './modbus';
import { opcuaProbe } from './opcua';

export const probes: Record<string, DeviceProbe> = {
  'modbus-tcp:': modbusProbe,
  'modbus-rtu-tcp:': modbusProbe,
  'modbus-rtu:': modbusProbe,
  'opc.tcp:': opcuaProbe,
};

/** The probe for a URL's scheme (`modbus-tcp:`, `modbus-rtu-tcp:`, `modbus-rtu:`, `opc.tcp:`), or undefined. */
export function probeFor(url: URL): DeviceProbe | undefined {
  return Object.hasOwn(probes, url.protocol) ? probes[url.protocol] : undefined;
}
