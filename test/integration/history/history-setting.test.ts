/**
 * A tag's `history` setting from the site file, through the real engine on the crane simulator: a tag with history
 * off is never stored though its live value is there; a paced tag stores its first value and holds later changes
 * back, each replacing the one before, until its interval has passed or a query up to now reads it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { craneSite, startConsole, startCrane, valueOf, waitConnected, type Console } from '../../support/crane-console';

let crane: Awaited<ReturnType<typeof startCrane>>;
let c: Console;
let from: number;

beforeAll(async () => {
  crane = await startCrane();
  from = Date.now();
  const site = await craneSite(crane.port, (raw) => {
    const tags = (raw.equipment as { tags: Record<string, Record<string, unknown>> }[])[0]!.tags;
    tags.windSpeed!.history = { minIntervalMs: 600_000 };
    tags.loadWeight!.history = false;
  });
  c = await startConsole(site, 402, 'viewer');
  await waitConnected(c);
}, 30_000);

afterAll(async () => {
  await c?.stop();
  await crane?.stop();
});

async function windBecomes(mps: number): Promise<void> {
  await crane.master.writeRegister(20, mps * 10); // the simulator's wind override (0.1 m/s per count)
  const deadline = Date.now() + 10_000;
  while (valueOf(c, 'windSpeed') !== mps) {
    if (Date.now() > deadline) throw new Error(`wind never read ${mps} m/s (last ${String(valueOf(c, 'windSpeed'))})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('stores nothing of a tag with history off, and one sample per interval of a paced tag', async () => {
  await windBecomes(19);
  await windBecomes(12);
  await windBecomes(15);
  const signal = (tag: string) => c.engine.signals.find((s) => s.tag === tag)!.id;
  const { csv, rows } = await c.client.request('history.export', { signalIds: [signal('windSpeed'), signal('loadWeight'), signal('hoistPosition')], from, to: Date.now() + 1000 });
  const lines = csv.trim().split('\r\n').slice(1);
  expect(rows).toBe(lines.length);
  expect(valueOf(c, 'loadWeight')).toEqual(expect.any(Number)); // live, yet never stored
  expect(lines.filter((l) => l.includes(',loadWeight,'))).toEqual([]);
  // The first value, then (19 and 12 replaced while held) the held 15: an export up to now writes it first.
  const wind = lines.filter((l) => l.includes(',windSpeed,'));
  expect(wind).toHaveLength(2);
  // The export says how each tag was recorded: the paced one's interval, nothing for every change.
  expect(wind[0]).toMatch(/,windSpeed,[^,]+,m\/s,good,600000$/);
  expect(wind[0]).not.toMatch(/,(19|12|15),m\/s,good,600000$/);
  expect(wind[1]).toMatch(/,windSpeed,15,m\/s,good,600000$/);
  const hoist = lines.filter((l) => l.includes(',hoistPosition,'));
  expect(hoist.length).toBeGreaterThan(0); // the default: every change
  for (const line of hoist) expect(line).toMatch(/,hoistPosition,[^,]+,m,\w+,$/); // value, unit, quality, no interval
  await crane.master.writeRegister(20, 0);
});

it('tells clients which tags are not recorded or paced, so the trend picker can say so', async () => {
  const { equipment } = await c.client.request('site.summary', {});
  const tags = new Map(equipment[0]!.tags.map((t) => [t.name, t]));
  expect(tags.get('windSpeed')!.history).toEqual({ minIntervalMs: 600_000 });
  expect(tags.get('loadWeight')!.history).toBe(false);
  expect(tags.get('hoistPosition')).not.toHaveProperty('history'); // the default: every change
});
