/** The OPC UA connection type of the site schema. */
import type { Connection } from '../../../../shared/site/schema';

/** A site connection with protocol `opcua`. */
export type OpcUaConnection = Extract<Connection, { protocol: 'opcua' }>;
