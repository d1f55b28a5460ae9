/**
 * Does a Modbus TCP device take several requests in flight (what a site's `maxInFlight` relies on)? The same reads
 * go one at a time, then `inFlight` at once per round, over the engine's own transport (its error names and resync).
 * Read i of a round asks for i + 1 registers from the base address: modbus-serial pairs replies by transaction id
 * and refuses one whose length is not its request's, so a reply paired with the wrong request shows (as a garbled
 * answer) whatever the registers hold. A device that serves one request at a time drops the others (timeouts),
 * answers with the wrong ids (timeouts or garbled answers), or closes the connection. Only reads of one unit and
 * function are tried: the verdict is about requests in flight at all, the engine also puts writes beside reads.
 */
import type { ModbusConnection } from '../../engine/drivers/modbus/connection';
import { DriverError } from '../../engine/drivers/driver-error';
import { ModbusTransport } from '../../engine/drivers/modbus/transport';
import { CliError } from '../cli-error';
import type { PipeliningReport } from './probe';

/** Most requests in flight the check sends (the site's limit). */
export const MAX_CHECK_IN_FLIGHT = 16;

/** What to read: register table, unit and first address. */
export interface PipeliningTarget {
  unitId: number;
  table: 'holding' | 'input';
  offset: number;
}

const p50 = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1] ?? null;
};

/** Checks `inFlight` requests at once over `rounds` rounds; throws a CliError when the reads fail even one at a time. */
export async function checkPipelining(connection: ModbusConnection, target: PipeliningTarget, inFlight: number, rounds: number): Promise<PipeliningReport> {
  if (connection.protocol !== 'modbus-tcp') {
    throw new CliError(`${connection.protocol}: RTU framing carries no transaction id, so one request at a time; only modbus-tcp: devices can take several`, 2);
  }
  let lost: DriverError | undefined;
  const transport = new ModbusTransport(connection, (error) => (lost ??= error));
  const reads = Array.from({ length: inFlight }, (_, i) => ({ op: 'read' as const, unitId: target.unitId, table: target.table, address: target.offset, count: i + 1 }));
  try {
    await transport.open();
    // One at a time first: the reads must work at all before their pipelining can be judged. A request lost on the
    // way is counted (a lossy link loses some either way); a device that refuses these reads ends the check.
    const single: number[] = [];
    let singleFailed = 0;
    for (let round = 0; round < rounds; round++) {
      for (const read of reads) {
        const started = performance.now();
        try {
          const result = (await transport.exchange(read)) as number[] | undefined;
          if (result?.length !== read.count) throw new CliError(`the device answered ${read.count} registers with ${result?.length ?? 0} one at a time`, 1);
          single.push(performance.now() - started);
        } catch (error) {
          if (!(error instanceof DriverError) || error.kind !== 'timeout' || single.length === 0) {
            throw error instanceof CliError ? error : new CliError(`the reads fail one at a time already: ${error instanceof Error ? error.message : String(error)}`, 1);
          }
          singleFailed++;
        }
      }
    }
    const report: PipeliningReport = { inFlight, rounds, singleFailed, sent: 0, answered: 0, mispaired: 0, failures: {}, oneAtATimeP50Ms: p50(single), roundP50Ms: null, takesPipelining: false };
    const roundTimes: number[] = [];
    for (let round = 0; round < rounds && !lost; round++) {
      const started = performance.now();
      const outcomes = await Promise.allSettled(reads.map((read) => transport.exchange(read)));
      roundTimes.push(performance.now() - started);
      outcomes.forEach((outcome, i) => {
        report.sent++;
        if (outcome.status === 'rejected') {
          const code = outcome.reason instanceof DriverError ? outcome.reason.code : 'error';
          if (code === 'modbus-bad-response') report.mispaired++; // a reply of another length: not its own
          else report.failures[code] = (report.failures[code] ?? 0) + 1;
        } else if ((outcome.value as number[] | undefined)?.length === reads[i]?.count) report.answered++;
        else report.mispaired++;
      });
    }
    if (lost) report.failures[lost.code] = (report.failures[lost.code] ?? 0) + 1;
    report.roundP50Ms = p50(roundTimes);
    report.takesPipelining = !lost && report.singleFailed === 0 && report.sent === inFlight * rounds && report.answered === report.sent;
    return report;
  } catch (error) {
    if (error instanceof DriverError) throw new CliError(error.message, error.kind === 'invalid-request' ? 2 : 1);
    throw error;
  } finally {
    await transport.close();
  }
}
