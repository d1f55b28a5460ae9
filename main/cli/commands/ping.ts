/** `rec-console ping URL [--count N] [--interval MS]`: ping-style round-trip summary of a device. */
import type { CliCommand } from '../command';
import { addConnectionOptions, positiveInt, resolveDevice, toProbeOptions, type DeviceCliOptions } from './device-options';
import type { PingReply } from '../probes/probe';

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

export const pingCommand: CliCommand = {
  register(program, io, setExit) {
    addConnectionOptions(
      program
        .command('ping')
        .description('measure protocol round-trip time to a device')
        .argument('<url>', 'device URL (see read)')
        .option('--count <n>', 'requests to send', '10')
        .option('--interval <ms>', 'pause between requests', '200')
        .option('--json', 'print the summary as one JSON document'),
    ).action(async (urlText: string, options: DeviceCliOptions) => {
      const { url, probe } = await resolveDevice(urlText);
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
