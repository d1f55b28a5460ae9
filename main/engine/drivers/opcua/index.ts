/** The OPC UA driver's public surface: the factory for the engine's table and the maintenance capability. */
import type { DriverFactory } from '../driver';
import type { OpcUaConnection } from './opcua-connection';
import { routeOpcUaLibraryLogsToStderr } from './library-logging';
import { OpcUaDriver } from './opcua-driver';

/** Re-exported: the connection type, and the maintenance capability with its guard. */
export type { OpcUaConnection } from './opcua-connection';
export { hasOpcUaAccess, type CallResult, type OpcUaAccess } from './access';

/** Creates the driver of one `protocol: opcua` connection. */
export const createOpcUaDriver: DriverFactory<OpcUaConnection> = (context) => {
  routeOpcUaLibraryLogsToStderr();
  return new OpcUaDriver(context);
};
