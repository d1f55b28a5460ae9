/** The driver factory table: protocol → factory. No if/else chains on protocol anywhere else. */
import type { Connection, Protocol } from '../../../shared/site/schema';
import type { DriverFactory } from './driver';

/** Factories by protocol; each protocol's folder supplies its own. */
export type DriverFactoryTable = { [P in Protocol]: DriverFactory<Extract<Connection, { protocol: P }>> };

/** Looks up the factory for a connection with the right connection type. */
export function factoryFor(table: DriverFactoryTable, connection: Connection): DriverFactory {
  return table[connection.protocol] as DriverFactory;
}
