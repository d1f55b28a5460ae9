/**
 * The heartbeat counter writes only values its tag takes: an int16 tag counts 0..32767, a bool toggles, others
 * 0..65535; every beat differs from the one before, through the wrap. A string tag is refused at load.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Heartbeats, heartbeatWrap } from '../../../main/engine/safety/heartbeat';
import { SiteFile } from '../../../shared/site/schema';

afterEach(() => vi.useRealTimers());

/** The values `beats` heartbeats of a counter wrapping at `wrap` write, started at the top of its range. */
async function written(wrap: number, beats: number): Promise<number[]> {
  vi.useFakeTimers();
  vi.spyOn(Math, 'random').mockReturnValue(0.999_999); // the highest start: the wrap comes at once
  const out: number[] = [];
  const heartbeats = new Heartbeats();
  heartbeats.start('eq', 100, async (counter) => out.push(counter), wrap);
  for (let i = 1; i < beats; i++) await vi.advanceTimersByTimeAsync(100);
  await heartbeats.stop('eq');
  vi.restoreAllMocks();
  return out;
}

describe('heartbeat counter', () => {
  it('wraps within the values of its tag type', () => {
    expect(['int16', 'uint16', 'int32', 'float32', 'bool'].map(heartbeatWrap)).toEqual([0x8000, 0x10000, 0x10000, 0x10000, 2]);
  });

  it('an int16 counter never writes 32,768 or more, and changes every beat through its wrap', async () => {
    const values = await written(heartbeatWrap('int16'), 4);
    expect(values).toEqual([0, 1, 2, 3]);
    expect(await written(heartbeatWrap('bool'), 4)).toEqual([0, 1, 0, 1]);
  });

  it('a string heartbeat tag is refused at load', () => {
    const site = {
      site: { name: 't' },
      connections: [{ id: 'plc', protocol: 'modbus-tcp', host: '127.0.0.1' }],
      equipment: [{ id: 'eq', name: 'Eq', type: 'generic', connection: 'plc', heartbeat: { tag: 'beat' }, tags: { beat: { address: 'holding:0', type: 'string', length: 2, writable: true } } }],
    };
    const parsed = SiteFile.safeParse(site);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.message)).toContain('the heartbeat is a counter: "beat" is a string tag (use a number or bool)');
  });
});

describe('a stopped heartbeat', () => {
  it('withdraws its beat still waiting to go out: the write is told it is no longer wanted', async () => {
    const asked: (() => boolean)[] = [];
    let answer!: () => void;
    const heartbeats = new Heartbeats();
    heartbeats.start('eq', 100, (_counter, wanted) => {
      asked.push(wanted);
      return new Promise<void>((resolve) => (answer = resolve)); // waits in the link queue
    });
    expect(asked).toHaveLength(1);
    expect(asked[0]?.()).toBe(true);
    const stopped = heartbeats.stop('eq');
    expect(asked[0]?.()).toBe(false);
    heartbeats.start('eq', 100, async (_counter, wanted) => void asked.push(wanted)); // a new claim's heartbeat
    expect(asked[0]?.()).toBe(false); // the old beat stays unwanted
    expect(asked[1]?.()).toBe(true);
    answer();
    await stopped;
    await heartbeats.stop('eq');
  });
});
