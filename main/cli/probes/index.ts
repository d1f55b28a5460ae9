/**
 * URL scheme → device probe, loaded on first use: protocol libraries (node-opcua above all) are heavy, and a
 * command for one protocol should not pay for the others. Each protocol's probe module registers one line here.
 */
import type { DeviceProbe } from './probe';

const loaders: Record<string, () => Promise<DeviceProbe>> = {
  'modbus-tcp:': () => import('./modbus').then((m) => m.modbusProbe),
  'modbus-rtu-tcp:': () => import('./modbus').then((m) => m.modbusProbe),
  'modbus-rtu:': () => import('./modbus').then((m) => m.modbusProbe),
  'opc.tcp:': () => import('./opcua').then((m) => m.opcuaProbe),
};

/** The probe for a URL's scheme (`modbus-tcp:`, `modbus-rtu-tcp:`, `modbus-rtu:`, `opc.tcp:`), or undefined. */
export async function probeFor(url: URL): Promise<DeviceProbe | undefined> {
  return Object.hasOwn(loaders, url.protocol) ? loaders[url.protocol]!() : undefined;
}
