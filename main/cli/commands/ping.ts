/**
 * `rec-console ping URL [--count N] [--interval MS]`: ping-style round-trip summary of a device.
 * `--in-flight N [--address ADDR]`: whether a Modbus TCP device takes N requests at once (the site's `maxInFlight`).
 */
import type { CliCommand, CliIo } from '../command';
import { CliError } from '../cli-error';
import { MAX_CHECK_IN_FLIGHT } from '../probes/modbus-pipelining';
import { addConnectionOptions, positiveInt, resolveDevice, toProbeOptions, type DeviceCliOptions } from './device-options';
import type { DeviceProbe, PingReply, PipeliningReport } from '../probes/probe';

/** Sent/received/loss and min/p50/p99/max of a ping run. */
export interface PingSummary {
  sent: number;
  received: number;
  lossPct: number;
  minMs: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** Summarises replies (null = lost). */
export function summarisePing(replies: readonly PingReply[]): PingSummary {
  const rtts = replies.filter((r): r is number => r !== null).sort((a, b) => a - b);
  return {
    sent: replies.length,
    received: rtts.length,
    lossPct: replies.length === 0 ? 0 : (100 * (replies.length - rtts.length)) / replies.length,
    minMs: rtts[0] ?? null,
    p50Ms: percentile(rtts, 50),
    p99Ms: percentile(rtts, 99),
    maxMs: rtts.at(-1) ?? null,
  };
}

const ms = (value: number | null) => (value === null ? '-' : value.toFixed(2));

/** The lines `ping --in-flight` prints: what was sent and answered, the timings, and the verdict for the site file. */
export function describePipelining(urlText: string, r: PipeliningReport): string[] {
  const failures = Object.entries(r.failures).map(([code, n]) => `${n} ${code}`);
  const lines = [
    `--- ${urlText}: ${r.inFlight} requests in flight, ${r.rounds} rounds ---`,
    `one at a time: p50 ${ms(r.oneAtATimeP50Ms)} ms per request`,
    `${r.inFlight} at once: ${r.answered}/${r.sent} answered with their own reply${r.mispaired ? `, ${r.mispaired} with another request's` : ''}${failures.length ? `, failed: ${failures.join(', ')}` : ''}; a round p50 ${ms(r.roundP50Ms)} ms`,
  ];
  if (r.singleFailed > 0) lines.splice(2, 0, `one at a time: ${r.singleFailed} of ${r.rounds * r.inFlight} requests lost`);
  lines.push(
    r.takesPipelining
      ? `the device takes ${r.inFlight} requests in flight: the site may set maxInFlight up to ${r.inFlight} on this connection`
      : r.singleFailed > 0
        ? 'no verdict: the link lost requests even one at a time; run the check again, or on a better link'
        : 'the device does not take requests in flight: keep maxInFlight at 1 (the default) on this connection',
  );
  return lines;
}

/** Runs `ping --in-flight`; exit 1 when the device does not take them. */
async function checkInFlight(io: CliIo, setExit: (code: number) => void, urlText: string, probe: DeviceProbe, url: URL, options: DeviceCliOptions & { inFlight?: string; address?: string }): Promise<void> {
  if (!probe.pipelining) throw new CliError(`--in-flight: ${url.protocol} has no requests in flight (Modbus TCP only)`, 2);
  const inFlight = positiveInt(options.inFlight, '--in-flight', 4, MAX_CHECK_IN_FLIGHT);
  if (inFlight < 2) throw new CliError('--in-flight must be at least 2 (1 is what ping does)', 2);
  const rounds = positiveInt(options.count, '--count', 10, 10_000);
  const report = await probe.pipelining(url, options.address ?? 'holding:0', inFlight, rounds, toProbeOptions({ ...options, count: undefined }));
  if (options.json) io.out(JSON.stringify({ url: urlText, ...report }));
  else for (const line of describePipelining(urlText, report)) io.out(line);
  if (!report.takesPipelining) setExit(1);
}

export const pingCommand: CliCommand = {
  register(program, io, setExit) {
    addConnectionOptions(
      program
        .command('ping')
        .description('measure protocol round-trip time to a device')
        .argument('<url>', 'device URL (see read)')
        .option('--count <n>', 'requests to send (with --in-flight: rounds)', '10')
        .option('--interval <ms>', 'pause between requests', '200')
        .option('--in-flight <n>', `Modbus TCP: send n reads at once per round (2-${MAX_CHECK_IN_FLIGHT}) and say whether the device pairs every reply (maxInFlight)`)
        .option('--address <addr>', 'with --in-flight: the first register read (holding:N or input:N; default holding:0)')
        .option('--json', 'print the summary as one JSON document'),
    ).action(async (urlText: string, options: DeviceCliOptions & { inFlight?: string; address?: string }) => {
      const { url, probe } = await resolveDevice(urlText);
      if (options.inFlight !== undefined) return checkInFlight(io, setExit, urlText, probe, url, options);
      if (options.address !== undefined) throw new CliError('--address goes with --in-flight', 2);
      const count = positiveInt(options.count, '--count', 10, 100_000);
      const interval = positiveInt(options.interval, '--interval', 200, 60_000);
      const quiet = Boolean(options.json);
      const replies = await probe.ping(url, count, interval, toProbeOptions({ ...options, count: undefined }), (seq, reply) => {
        if (!quiet) io.out(reply === null ? `seq=${seq} timeout` : `seq=${seq} time=${reply.toFixed(2)} ms`);
      });
      const s = summarisePing(replies);
      if (quiet) io.out(JSON.stringify({ url: urlText, ...s }));
      else {
        io.out(`--- ${urlText} ping statistics ---`);
        io.out(`${s.sent} sent, ${s.received} received, ${s.lossPct.toFixed(1)}% loss`);
        io.out(`rtt min/p50/p99/max = ${ms(s.minMs)}/${ms(s.p50Ms)}/${ms(s.p99Ms)}/${ms(s.maxMs)} ms`);
      }
      if (s.received === 0) setExit(1);
    });
  },
};
