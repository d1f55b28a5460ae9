/** The real driver factory table, one entry per protocol (the engine never switches on protocol itself). */
import type { DriverFactoryTable } from './registry';
import { createModbusDriver } from './modbus';
import { createOpcUaDriver } from './opcua';

export const driverFactories: DriverFactoryTable = {
  'modbus-tcp': createModbusDriver,
  'modbus-rtu-tcp': createModbusDriver,
  'modbus-rtu': createModbusDriver,
  opcua: createOpcUaDriver,
};
