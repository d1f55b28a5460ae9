/** The Modbus connection types of the site schema, as one union. */
import type { Connection } from '../../../../shared/site/schema';

/** Any Modbus connection: TCP, RTU over TCP (raw RTU frames through a gateway) or RTU on a serial port. */
export type ModbusConnection = Extract<Connection, { protocol: 'modbus-tcp' | 'modbus-rtu-tcp' | 'modbus-rtu' }>;

/** True when replies carry no transaction id (RTU framing), so a timed-out reply can arrive late and look valid. */
export function isSerialFramed(connection: ModbusConnection): boolean {
  return connection.protocol !== 'modbus-tcp';
}

/** `host:port` or the serial path, for messages. */
export function linkName(connection: ModbusConnection): string {
  return connection.protocol === 'modbus-rtu' ? connection.path : `${connection.host}:${connection.port}`;
}
