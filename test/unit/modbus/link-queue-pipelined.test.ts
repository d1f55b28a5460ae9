/**
 * The link queue with several requests in flight (Modbus TCP, site `maxInFlight` > 1): scan reads share all slots but
 * one; stop, control and maintenance keep one request in flight between them, so writes stay one at a time and a
 * stop never waits for a scan read; maintenance still waits while scan reads do, until four have passed it.
 */
import { describe, expect, it } from 'vitest';
import { LinkQueue, type Lane } from '../../../main/engine/drivers/modbus/link-queue';

/** Jobs that stay in flight until released one by one, recording what was running whenever one started. */
function rig(maxInFlight: number) {
  const queue = new LinkQueue(undefined, maxInFlight);
  const running = new Map<string, Lane>();
  const releases = new Map<string, () => void>();
  const startedWith: { name: string; running: string[] }[] = [];
  /** The most stop, control and maintenance jobs running at once. */
  let otherAtOnce = 0;
  const add = (name: string, lane: Lane) =>
    queue.enqueue(async () => {
      running.set(name, lane);
      startedWith.push({ name, running: [...running.keys()] });
      otherAtOnce = Math.max(otherAtOnce, [...running.values()].filter((l) => l !== 'scan').length);
      await new Promise<void>((resolve) => releases.set(name, resolve));
      running.delete(name);
      return name;
    }, lane);
  /** Lets a running job finish and waits until the queue has started whatever that freed. */
  const finish = async (name: string) => {
    const release = releases.get(name);
    if (!release) throw new Error(`${name} is not running (running: ${[...running.keys()].join(', ')})`);
    release();
    await settle();
  };
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return { queue, running, add, finish, settle, startedWith, maxOtherAtOnce: () => otherAtOnce };
}

describe('LinkQueue with several requests in flight', () => {
  it('runs scan reads in all slots but one, and keeps that one for the other lanes', async () => {
    const r = rig(4);
    const jobs = ['s1', 's2', 's3', 's4', 's5'].map((name) => r.add(name, 'scan'));
    await r.settle();
    expect([...r.running.keys()]).toEqual(['s1', 's2', 's3']);
    jobs.push(r.add('c1', 'control'));
    await r.settle();
    expect([...r.running.keys()]).toEqual(['s1', 's2', 's3', 'c1']);
    expect(r.queue.running).toBe(4);
    await r.finish('s2');
    expect([...r.running.keys()]).toEqual(['s1', 's3', 'c1', 's4']);
    for (const name of ['s1', 's3', 'c1', 's4', 's5']) await r.finish(name);
    await expect(Promise.all(jobs)).resolves.toEqual(['s1', 's2', 's3', 's4', 's5', 'c1']);
    expect(r.queue.maxRunning).toBe(4);
  });

  it('starts a stop at once while scan reads fill their slots, and it never waits for their answers', async () => {
    const r = rig(4);
    const jobs = Array.from({ length: 20 }, (_, i) => r.add(`s${i}`, 'scan'));
    await r.settle();
    jobs.push(r.add('stop', 'stop'));
    await r.settle();
    expect(r.startedWith.at(-1)).toEqual({ name: 'stop', running: ['s0', 's1', 's2', 'stop'] });
    await r.finish('stop');
    for (let i = 0; i < 20; i++) await r.finish(`s${i}`);
    await Promise.all(jobs);
  });

  it('keeps one stop, control or maintenance job in flight at a time, in priority order, beside scan reads: writes never overlap', async () => {
    const r = rig(8);
    const jobs = [r.add('c1', 'control'), r.add('r1', 'scan'), r.add('m1', 'maintenance'), r.add('c2', 'control'), r.add('r2', 'scan'), r.add('x1', 'stop')];
    await r.settle();
    // The scan reads go out beside c1; m1, c2 and the stop wait for the other slot, the stop first.
    expect([...r.running.keys()]).toEqual(['c1', 'r1', 'r2']);
    await r.finish('c1');
    expect([...r.running.keys()]).toEqual(['r1', 'r2', 'x1']);
    await r.finish('x1');
    expect([...r.running.keys()]).toEqual(['r1', 'r2', 'c2']);
    await r.finish('c2');
    expect([...r.running.keys()]).toEqual(['r1', 'r2', 'm1']); // no scan read waits, so maintenance may go
    for (const name of ['r1', 'r2', 'm1']) await r.finish(name);
    await Promise.all(jobs);
    expect(r.maxOtherAtOnce()).toBe(1);
  });

  it('sends no new scan read while a stop waits for the other slot, so the stop is next on the wire', async () => {
    const r = rig(4);
    const jobs = [r.add('c1', 'control'), r.add('r1', 'scan')];
    await r.settle();
    jobs.push(r.add('x1', 'stop'));
    for (let i = 2; i <= 5; i++) jobs.push(r.add(`r${i}`, 'scan'));
    await r.settle();
    // Two scan slots were free, but the stop waits for c1: nothing is sent ahead of it.
    expect([...r.running.keys()]).toEqual(['c1', 'r1']);
    await r.finish('c1');
    expect([...r.running.keys()]).toEqual(['r1', 'x1', 'r2', 'r3']);
    for (const name of ['x1', 'r1', 'r2', 'r3', 'r4', 'r5']) await r.finish(name);
    await Promise.all(jobs);
  });

  it('frees the slot of a job that rejects or throws before it starts, and rejects every waiting job on close', async () => {
    const queue = new LinkQueue(undefined, 3);
    const thrown = queue.enqueue(() => {
      throw new Error('thrown at once');
    }, 'control');
    await expect(thrown).rejects.toThrow('thrown at once');
    await expect(queue.enqueue(() => Promise.reject(new Error('rejected')), 'scan')).rejects.toThrow('rejected');
    expect(queue.running).toBe(0);
    await expect(queue.enqueue(async () => 'after', 'control')).resolves.toBe('after');
    const r = rig(3);
    const running = [r.add('r1', 'scan'), r.add('r2', 'scan'), r.add('c1', 'control')];
    const waiting = Promise.allSettled([r.add('r3', 'scan'), r.add('x1', 'stop')]);
    await r.settle();
    r.queue.close('bye');
    for (const outcome of await waiting) expect(outcome).toMatchObject({ status: 'rejected', reason: { kind: 'not-connected', message: 'bye' } });
    for (const name of ['r1', 'r2', 'c1']) await r.finish(name);
    await expect(Promise.all(running)).resolves.toEqual(['r1', 'r2', 'c1']);
  });

  it('lets scan reads pass a control job that waits for the other slot, but never lets maintenance pass a waiting scan read', async () => {
    const r = rig(3);
    const jobs = [r.add('c1', 'control'), r.add('c2', 'control'), r.add('s1', 'scan'), r.add('s2', 'scan'), r.add('s3', 'scan'), r.add('m1', 'maintenance')];
    await r.settle();
    // c1 in the other slot, c2 waits for it; s1 and s2 take the two scan slots.
    expect([...r.running.keys()]).toEqual(['c1', 's1', 's2']);
    await r.finish('c1');
    expect([...r.running.keys()]).toEqual(['s1', 's2', 'c2']);
    await r.finish('c2');
    // The other slot is free, but s3 waits for a scan slot: maintenance does not pass it.
    expect([...r.running.keys()]).toEqual(['s1', 's2']);
    await r.finish('s1');
    // s3 takes the scan slot; with no scan read waiting any more, m1 takes the other.
    expect([...r.running.keys()]).toEqual(['s2', 's3', 'm1']);
    for (const name of ['s2', 's3', 'm1']) await r.finish(name);
    await Promise.all(jobs);
  });

  it('gives maintenance the other slot once four scan reads started while it waited, the scan slots staying busy', async () => {
    const r = rig(3);
    const jobs = Array.from({ length: 10 }, (_, i) => r.add(`s${i}`, 'scan'));
    jobs.push(r.add('m1', 'maintenance'));
    await r.settle();
    expect([...r.running.keys()]).toEqual(['s0', 's1']);
    for (const name of ['s0', 's1', 's2']) await r.finish(name);
    expect([...r.running.keys()]).toEqual(['s3', 's4']); // three scan reads passed m1
    await r.finish('s3');
    expect([...r.running.keys()]).toEqual(['s4', 's5', 'm1']); // the fourth did, and m1 takes the other slot
    for (const name of ['s4', 's5', 'm1', 's6', 's7', 's8', 's9']) await r.finish(name);
    await Promise.all(jobs);
    expect(r.maxOtherAtOnce()).toBe(1);
  });

  it('with one slot runs one job at a time, whatever the lanes (the default, and RTU framing)', async () => {
    const r = rig(1);
    const jobs = [r.add('s1', 'scan'), r.add('s2', 'scan'), r.add('c1', 'control')];
    await r.settle();
    expect([...r.running.keys()]).toEqual(['s1']);
    await r.finish('s1');
    expect([...r.running.keys()]).toEqual(['c1']);
    await r.finish('c1');
    await r.finish('s2');
    await Promise.all(jobs);
    expect(r.queue.maxRunning).toBe(1);
    expect(new LinkQueue().maxInFlight).toBe(1);
  });

  it('refuses a slot count that is not a whole number from 1 to 16', () => {
    for (const bad of [0, 17, 1.5, Number.NaN]) expect(() => new LinkQueue(undefined, bad)).toThrow(/maxInFlight must be a whole number from 1 to 16/);
    expect(new LinkQueue(undefined, 16).maxInFlight).toBe(16);
  });
});
