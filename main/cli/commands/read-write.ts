/** `rec-console read URL ADDRESS` and `rec-console write URL ADDRESS VALUE`. */
import { Option, type Command } from 'commander';
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

/**
 * `--type` and `--data-type` (the same), or in an installed console `--data-type` alone: its Chromium takes `--type=X`
 * as its own switch before the CLI runs (main/shell/cli-mode.ts).
 */
function typeOptions(command: Command, installed: boolean, choices?: readonly string[], help = 'data type'): Command {
  const named = (flag: string, text: string) => (choices ? new Option(`${flag} <type>`, text).choices(choices) : new Option(`${flag} <type>`, text));
  if (installed) return command.addOption(named('--data-type', help));
  return command.addOption(named('--type', help)).addOption(named('--data-type', 'the same as --type (the name an installed console takes)'));
}

/** `read`, for the development CLI or (`installed`) an installed console's. */
export function readCommandFor(installed: boolean): CliCommand {
  return {
    register(program, io) {
      const command = addConnectionOptions(
        program
          .command('read')
          .description('read values from a device: Modbus coil:N discrete:N input:N holding:N, or an OPC UA NodeId (64-bit integers print exactly; OPC UA DateTime prints as ISO 8601 UTC with ms, ByteString as hex)')
          .argument('<url>', 'modbus-tcp://HOST:PORT?unit=N | modbus-rtu-tcp://… | modbus-rtu:///dev/PATH?baud=N&parity=even&unit=N | opc.tcp://HOST:PORT')
          .argument('<address>', 'Modbus address (0-based) or OPC UA NodeId')
          .option('--count <n>', 'number of consecutive values (Modbus)')
          .addOption(new Option('--order <order>', 'word/byte order of multi-register values').choices(WORD_ORDERS))
          .option('--json', 'print one JSON document'),
      );
      typeOptions(command, installed, DATA_TYPES).action(async (urlText: string, address: string, options: DeviceCliOptions) => {
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
}

/** `write`, for the development CLI or (`installed`) an installed console's. */
export function writeCommandFor(installed: boolean): CliCommand {
  return {
    register(program, io) {
      const command = addConnectionOptions(
        program
          .command('write')
          .description('write one value to a device (Modbus address or OPC UA NodeId)')
          .argument('<url>', 'device URL (see read)')
          .argument('<address>', 'Modbus address (0-based) or OPC UA NodeId')
          .argument('<value>', 'value to write: a number (64-bit integers exact, as decimal), true/false, text for strings; OPC UA DateTime as ISO 8601 (2024-05-06T07:08:09.123Z), ByteString as hex (00ff10), Guid as text')
          .addOption(new Option('--order <order>', 'word/byte order of multi-register values').choices(WORD_ORDERS))
          .option('--allow-non-finite', 'OPC UA: write NaN/Infinity to a Float/Double (refused otherwise)'),
      );
      const types = 'data type (Modbus: see read; OPC UA: Boolean, SByte, Byte, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float, Double, String, DateTime, Guid, ByteString)';
      typeOptions(command, installed, undefined, types).action(async (urlText: string, address: string, value: string, options: DeviceCliOptions) => {
        const { url, probe } = await resolveDevice(urlText);
        await probe.write(url, address, value, toProbeOptions(options));
        io.out(`${address} ${value} ok`);
      });
    },
  };
}

export const readCommand: CliCommand = readCommandFor(false);
export const writeCommand: CliCommand = writeCommandFor(false);
