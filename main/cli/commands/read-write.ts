/** `rec-console read URL ADDRESS` and `rec-console write URL ADDRESS VALUE`. */
import { Option } from 'commander';
import type { CliCommand } from '../command';
import { DATA_TYPES, WORD_ORDERS } from '../../../shared/site/data-types';
import { addConnectionOptions, resolveDevice, toProbeOptions, type DeviceCliOptions } from './device-options';
import type { ProbeValue } from '../probes/probe';

/** Text of one value as printed (`holding:0 12.5`); bigints print exactly. */
export function formatValue(value: ProbeValue['value']): string {
  if (value === null) return 'null';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** JSON-safe copy (bigint → exact decimal string). */
function jsonValue(value: ProbeValue['value']): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

export const readCommand: CliCommand = {
  register(program, io) {
    addConnectionOptions(
      program
        .command('read')
        .description('read values from a device: Modbus coil:N discrete:N input:N holding:N, or an OPC UA NodeId')
        .argument('<url>', 'modbus-tcp://HOST:PORT?unit=N | modbus-rtu-tcp://… | modbus-rtu:///dev/PATH?baud=N&parity=even&unit=N | opc.tcp://HOST:PORT')
        .argument('<address>', 'Modbus address (0-based) or OPC UA NodeId')
        .option('--count <n>', 'number of consecutive values (Modbus)')
        .addOption(new Option('--type <type>', 'data type').choices(DATA_TYPES))
        .addOption(new Option('--order <order>', 'word/byte order of multi-register values').choices(WORD_ORDERS))
        .option('--json', 'print one JSON document'),
    ).action(async (urlText: string, address: string, options: DeviceCliOptions) => {
      const { url, probe } = await resolveDevice(urlText);
      const values = await probe.read(url, address, toProbeOptions(options));
      if (options.json) {
        io.out(JSON.stringify({ url: urlText, values: values.map((v) => ({ address: v.address, value: jsonValue(v.value) })) }));
      } else {
        for (const v of values) io.out(`${v.address} ${formatValue(v.value)}`);
      }
    });
  },
};

export const writeCommand: CliCommand = {
  register(program, io) {
    addConnectionOptions(
      program
        .command('write')
        .description('write one value to a device (Modbus address or OPC UA NodeId)')
        .argument('<url>', 'device URL (see read)')
        .argument('<address>', 'Modbus address (0-based) or OPC UA NodeId')
        .argument('<value>', 'value to write (number, true/false, or text for string tags)')
        .option('--type <type>', 'data type (Modbus: see read; OPC UA: Double, Float, Int32, UInt16, Boolean, String, …)')
        .addOption(new Option('--order <order>', 'word/byte order of multi-register values').choices(WORD_ORDERS)),
    ).action(async (urlText: string, address: string, value: string, options: DeviceCliOptions) => {
      const { url, probe } = await resolveDevice(urlText);
      await probe.write(url, address, value, toProbeOptions(options));
      io.out(`${address} ${value} ok`);
    });
  },
};
