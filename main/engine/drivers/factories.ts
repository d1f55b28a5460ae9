/** The real driver factory table, one entry per protocol (the engine never switches on protocol itself). */
import type { DriverFactoryTable } from './registry';
import { DriverError } from './driver-error';
import type { DriverFactory } from './driver';

/** Placeholder until a protocol's driver is wired in: connecting fails with a clear reason. */
const notBuiltIn: DriverFactory = (ctx) => ({
  connect: () => Promise.reject(new DriverError('connect-failed', 'driver-missing', `no driver for ${ctx.connection.protocol} is built in`)),
  start: () => Promise.resolve(),
  close: () => Promise.resolve(),
  read: () => Promise.reject(new DriverError('not-connected', 'driver-missing', 'not connected')),
  write: () => Promise.reject(new DriverError('not-connected', 'driver-missing', 'not connected')),
  probe: () => Promise.reject(new DriverError('not-connected', 'driver-missing', 'not connected')),
});

export const driverFactories: DriverFactoryTable = {
  'modbus-tcp': notBuiltIn,
  'modbus-rtu-tcp': notBuiltIn,
  'modbus-rtu': notBuiltIn,
  opcua: notBuiltIn,
};
