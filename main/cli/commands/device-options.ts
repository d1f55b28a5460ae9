/** Options shared by the device commands (read, write, ping, browse) and their translation to ProbeOptions. */
import { Option, type Command } from 'commander';
import { CliError } from '../cli-error';
import { probeFor } from '../probes';
import type { DeviceProbe, ProbeOptions } from '../probes/probe';

/** Raw option values as commander gives them. */
export interface DeviceCliOptions {
  count?: string;
  type?: string;
  /** `--type` by another name: Chromium takes `--type=X` as its own switch, so an installed console needs this one. */
  dataType?: string;
  order?: string;
  json?: boolean;
  security?: string;
  policy?: string;
  user?: string;
  timeout?: string;
  interval?: string;
  dataDir?: string;
  allowNonFinite?: boolean;
}

/** Adds the protocol options every device command accepts. */
export function addConnectionOptions(command: Command): Command {
  return command
    .addOption(new Option('--security <mode>', 'OPC UA security mode').choices(['None', 'Sign', 'SignAndEncrypt']))
    .option('--policy <name>', 'OPC UA security policy (e.g. Basic256Sha256)')
    .option('--user <name>', 'OPC UA user name (password from REC_OPCUA_PASSWORD or a prompt)')
    .option('--timeout <ms>', 'request timeout in ms')
    .option('--data-dir <dir>', 'data directory (OPC UA certificates)');
}

/** Parses a positive integer option or fails with a one-line usage error. */
export function positiveInt(value: string | undefined, name: string, fallback: number, max = 1_000_000): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new CliError(`${name} must be a whole number from 1 to ${max}, not "${value}"`, 2);
  return n;
}

/** Parses the URL and finds its probe, or fails with a one-line usage error. */
export async function resolveDevice(text: string): Promise<{ url: URL; probe: DeviceProbe }> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`"${text}" is not a URL (e.g. modbus-tcp://127.0.0.1:502?unit=1 or opc.tcp://127.0.0.1:4840)`, 2);
  }
  const probe = await probeFor(url);
  if (!probe) throw new CliError(`unsupported URL scheme "${url.protocol}" (modbus-tcp:, modbus-rtu-tcp:, modbus-rtu:, opc.tcp:)`, 2);
  return { url, probe };
}

/** ProbeOptions from the command line. */
export function toProbeOptions(options: DeviceCliOptions): ProbeOptions {
  const probeOptions: ProbeOptions = {};
  if (options.count !== undefined) probeOptions.count = positiveInt(options.count, '--count', 1, 10_000);
  if (options.type !== undefined && options.dataType !== undefined && options.type !== options.dataType) throw new CliError('--type and --data-type name the same thing: give one', 2);
  const type = options.type ?? options.dataType;
  if (type !== undefined) probeOptions.type = type;
  if (options.order !== undefined) probeOptions.order = options.order;
  if (options.security !== undefined) probeOptions.security = options.security;
  if (options.policy !== undefined) probeOptions.policy = options.policy;
  if (options.user !== undefined) probeOptions.user = options.user;
  if (options.timeout !== undefined) probeOptions.timeoutMs = positiveInt(options.timeout, '--timeout', 1000, 600_000);
  if (options.dataDir !== undefined) probeOptions.dataDir = options.dataDir;
  if (options.allowNonFinite) probeOptions.allowNonFinite = true;
  return probeOptions;
}
