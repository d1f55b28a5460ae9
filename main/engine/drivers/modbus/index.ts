/** The Modbus driver's public face: the factory for the engine's table, raw access, URL parsing. */
export { createModbusDriver, ModbusDriver } from './modbus-driver';
export type { ModbusConnection } from './connection';
export { encodeJogBlock } from './jog-block';
export { isModbusRawAccess, type ModbusRawAccess, type RawReadOptions, type RawWriteOptions, type RawValueAt } from './raw-access';
