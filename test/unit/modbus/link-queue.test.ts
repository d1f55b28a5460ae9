/**
 * The link queue: one job in flight, lanes stop > control > scan > maintenance (maintenance gets a turn after
 * MAINTENANCE_TURN_AFTER scan reads passed it), a bounded maintenance lane.
 */
import { describe, expect, it } from 'vitest';
import { LinkQueue, MAINTENANCE_TURN_AFTER, type Lane } from '../../../main/engine/drivers/modbus/link-queue';

/** A queue whose jobs log their name when they start, plus a gate that holds the first job in flight. */
function rig() {
  const queue = new LinkQueue();
  const started: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const job = (name: string, wait: Promise<void> = Promise.resolve()) => async () => {
    started.push(name);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await wait;
    await new Promise((resolve) => setImmediate(resolve));
    inFlight--;
    return name;
  };
  const add = (name: string, lane: Lane, wait?: Promise<void>) => queue.enqueue(job(name, wait), lane);
  return { queue, started, add, gate, release, maxInFlight: () => maxInFlight };
}

describe('LinkQueue lanes', () => {
  it('runs stop, then control, then scan, then maintenance, FIFO within a lane, one at a time', async () => {
    const r = rig();
    const all = [r.add('busy', 'maintenance', r.gate)];
    all.push(r.add('m1', 'maintenance'), r.add('s1', 'scan'), r.add('c1', 'control'), r.add('m2', 'maintenance'), r.add('x1', 'stop'), r.add('s2', 'scan'), r.add('c2', 'control'), r.add('x2', 'stop'));
    expect(r.queue.depth).toBe(8);
    r.release();
    await Promise.all(all);
    expect(r.started).toEqual(['busy', 'x1', 'x2', 'c1', 'c2', 's1', 's2', 'm1', 'm2']);
    expect(r.maxInFlight()).toBe(1);
  });

  it('gives a waiting maintenance job the next turn once MAINTENANCE_TURN_AFTER scan reads passed it (a scan lane that never empties)', async () => {
    expect(MAINTENANCE_TURN_AFTER).toBe(4);
    const r = rig();
    const all = [r.add('busy', 'control', r.gate), r.add('m1', 'maintenance'), r.add('m2', 'maintenance')];
    for (let i = 0; i < 10; i++) all.push(r.add(`s${i}`, 'scan'));
    r.release();
    await Promise.all(all);
    // Each maintenance job waits behind four scan reads at most, then scanning goes on; one at a time throughout.
    expect(r.started).toEqual(['busy', 's0', 's1', 's2', 's3', 'm1', 's4', 's5', 's6', 's7', 'm2', 's8', 's9']);
    expect(r.maxInFlight()).toBe(1);
  });

  it('still runs a waiting stop and control job before maintenance whose turn it is', async () => {
    const r = rig();
    const all = [r.add('busy', 'control', r.gate), r.add('m1', 'maintenance')];
    for (let i = 0; i < 6; i++) all.push(r.add(`s${i}`, 'scan'));
    r.release();
    await all[4]; // s2 done; s3 starts: four scan reads have passed m1
    all.push(r.add('c1', 'control'), r.add('x1', 'stop'));
    await Promise.all(all);
    expect(r.started).toEqual(['busy', 's0', 's1', 's2', 's3', 'x1', 'c1', 'm1', 's4', 's5']);
  });

  it('lets a stop wait behind nothing but the job in flight, however full the other lanes are', async () => {
    const r = rig();
    const all = [r.add('in-flight', 'scan', r.gate)];
    for (let i = 0; i < 16; i++) all.push(r.add(`m${i}`, 'maintenance'));
    for (let i = 0; i < 50; i++) all.push(r.add(`s${i}`, 'scan'), r.add(`c${i}`, 'control'));
    all.push(r.add('stop', 'stop'));
    r.release();
    await Promise.all(all);
    expect(r.started.slice(0, 2)).toEqual(['in-flight', 'stop']);
  });

  it('bounds the maintenance lane at 16 waiting and refuses more with a named busy error; other lanes are not bounded', async () => {
    const r = rig();
    const accepted = [r.add('in-flight', 'maintenance', r.gate)];
    for (let i = 0; i < 16; i++) accepted.push(r.add(`m${i}`, 'maintenance'));
    const refused = r.add('m16', 'maintenance');
    await expect(refused).rejects.toMatchObject({ name: 'DriverError', kind: 'busy', code: 'link-queue-full', details: { lane: 'maintenance', limit: 16 } });
    for (let i = 0; i < 100; i++) accepted.push(r.add(`s${i}`, 'scan'));
    expect(r.queue.refused).toMatchObject({ maintenance: 1, scan: 0 });
    r.release();
    await Promise.all(accepted);
    expect(r.started).not.toContain('m16');
    await expect(r.add('after', 'maintenance')).resolves.toBe('after'); // room again once drained
  });

  it('never starves a sequential scan cycle: at most one maintenance job between consecutive scan jobs', async () => {
    const queue = new LinkQueue();
    const ran: string[] = [];
    const exchange = (name: string) => async () => {
      ran.push(name);
      await new Promise((resolve) => setTimeout(resolve, 1));
    };
    let flooding = true;
    let busy = 0;
    // A client keeping the maintenance lane full: every completion or refusal sends another request at once.
    const flood = async (): Promise<void> => {
      while (flooding) {
        await queue.enqueue(exchange('m'), 'maintenance').catch(() => busy++);
        if (busy > 0) await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const flooders = Array.from({ length: 40 }, flood);
    // A scanner: three reads per cycle, each awaited before the next is queued, like Scanner.cycle.
    for (let cycle = 0; cycle < 10; cycle++) for (let read = 0; read < 3; read++) await queue.enqueue(exchange('s'), 'scan');
    flooding = false;
    await Promise.all(flooders);
    const sequence = ran.join('');
    const firstScan = sequence.indexOf('s');
    const lastScan = sequence.lastIndexOf('s');
    const between = sequence.slice(firstScan, lastScan + 1).split('s').slice(1, -1);
    expect(between.length).toBe(29);
    expect(Math.max(...between.map((gap) => gap.length))).toBeLessThanOrEqual(1);
    expect(busy).toBeGreaterThan(0); // the lane was really full
    expect(queue.maxDepth).toBeLessThanOrEqual(17);
  });

  it('rejects every waiting job on close; the one in flight settles on its own', async () => {
    const r = rig();
    const inFlight = r.add('in-flight', 'control', r.gate);
    const waiting = (['stop', 'control', 'scan', 'maintenance'] as const).map((lane) => r.add(lane, lane));
    const outcomes = Promise.allSettled(waiting);
    r.queue.close('bye');
    r.release();
    await expect(inFlight).resolves.toBe('in-flight');
    for (const outcome of await outcomes) expect(outcome).toMatchObject({ status: 'rejected', reason: { kind: 'not-connected', message: 'bye' } });
    await expect(r.add('late', 'stop')).rejects.toMatchObject({ kind: 'not-connected' });
  });
  it('cancel withdraws only the waiting jobs of one motion group; the one in flight and other groups run', async () => {
    const r = rig();
    const inFlight = r.queue.enqueue(async () => {
      await r.gate;
      return 'in-flight';
    }, 'control', { group: 'crane' });
    const crane1 = r.queue.enqueue(async () => 'crane-1', 'control', { group: 'crane' });
    const ladle = r.queue.enqueue(async () => 'ladle', 'control', { group: 'ladle' });
    const plain = r.queue.enqueue(async () => 'plain', 'control');
    const crane2 = r.queue.enqueue(async () => 'crane-2', 'scan', { group: 'crane' });
    const withdrawn = Promise.allSettled([crane1, crane2]);
    expect(r.queue.cancel('crane', new Error('stopped'))).toBe(2);
    expect(r.queue.depth).toBe(2);
    r.release();
    await expect(inFlight).resolves.toBe('in-flight');
    await expect(ladle).resolves.toBe('ladle');
    await expect(plain).resolves.toBe('plain');
    for (const outcome of await withdrawn) expect(outcome).toMatchObject({ status: 'rejected', reason: { message: 'stopped' } });
    expect(r.queue.cancel('crane', new Error('again'))).toBe(0);
  });
});

describe('LinkQueue shared stops', () => {
  const coil = (from: number, to = from) => ({ unit: 1, table: 'coil', from, to });
  const stop1 = { key: 'stop eq1', target: coil(0) };

  it('the same stop pressed again while it waits shares its write; once on the wire, a new press is queued again', async () => {
    const r = rig();
    const busy = r.add('busy', 'maintenance', r.gate);
    const first = r.queue.enqueue(async () => (r.started.push('stop'), 'stopped'), 'stop', { share: stop1 });
    const presses = Array.from({ length: 100 }, () => r.queue.join<string>('stop', stop1));
    expect(presses.every((p) => p !== undefined)).toBe(true);
    expect(r.queue.join('stop', { key: 'stop eq2', target: coil(1) })).toBeUndefined(); // another target is its own write
    const heartbeat = r.add('heartbeat', 'control');
    expect(r.queue.depth).toBe(2); // one stop and the heartbeat wait, however often stop was pressed
    r.release();
    expect(await first).toBe('stopped');
    expect(await Promise.all(presses)).toEqual(Array.from({ length: 100 }, () => 'stopped'));
    await Promise.all([busy, heartbeat]);
    expect(r.started).toEqual(['busy', 'stop', 'heartbeat']);
    expect(r.queue.joined).toBe(100);
    // On the wire (running), a stop is not joined: the next press is a write of its own.
    let wire: () => void = () => undefined;
    const running = r.queue.enqueue(() => new Promise<string>((resolve) => (wire = () => resolve('first'))), 'stop', { share: stop1 });
    expect(r.queue.join('stop', stop1)).toBeUndefined();
    wire();
    expect(await running).toBe('first');
  });

  it('never joins across a later write to the same thing, nor a job that can be withdrawn on its own', async () => {
    const r = rig();
    r.add('busy', 'maintenance', r.gate).catch(() => undefined);
    const on = r.queue.enqueue(async () => 'on', 'stop', { share: stop1 });
    const off = r.queue.enqueue(async () => 'off', 'stop', { share: { key: 'reset eq1', target: coil(0, 1) } }); // a block over coil 0
    expect(r.queue.join('stop', stop1)).toBeUndefined(); // joining 'on' would put this press before 'off'
    const grouped = { key: 'g', target: coil(9) };
    r.queue.enqueue(async () => 'grouped', 'stop', { share: grouped, group: 'crane' }).catch(() => undefined);
    expect(r.queue.join('stop', grouped)).toBeUndefined();
    r.release();
    expect([await on, await off]).toEqual(['on', 'off']);
  });

  it('stops on different bits of one register do not block each other from being joined (their order does not matter)', async () => {
    const r = rig();
    r.add('busy', 'maintenance', r.gate).catch(() => undefined);
    const bit = (b: number) => ({ key: `bit ${b}`, target: { unit: 1, table: 'holding', from: 100, to: 100, bit: b } });
    const first = [r.queue.enqueue(async () => 'e1', 'stop', { share: bit(0) }), r.queue.enqueue(async () => 'e2', 'stop', { share: bit(1) })];
    // "Stop all" pressed again: each joins its own waiting bit write; the lane does not grow.
    const again = [r.queue.join<string>('stop', bit(0)), r.queue.join<string>('stop', bit(1))];
    expect(again.every((p) => p !== undefined)).toBe(true);
    expect(r.queue.waiting('stop')).toBe(2);
    // A write of the whole register is ordered against both bits.
    r.queue.enqueue(async () => 'word', 'stop', { share: { key: 'word', target: { unit: 1, table: 'holding', from: 100, to: 100 } } }).catch(() => undefined);
    expect(r.queue.join('stop', bit(0))).toBeUndefined();
    r.release();
    expect(await Promise.all([...first, ...(again as Promise<string>[])])).toEqual(['e1', 'e2', 'e1', 'e2']);
  });

  it('followers fail with the job: a closed link', async () => {
    const r = rig();
    r.add('busy', 'maintenance', r.gate).catch(() => undefined);
    const first = r.queue.enqueue(async () => 'stopped', 'stop', { share: stop1 });
    const follower = r.queue.join('stop', stop1) as Promise<unknown>;
    r.queue.close('link lost');
    await expect(first).rejects.toMatchObject({ kind: 'not-connected' });
    await expect(follower).rejects.toMatchObject({ kind: 'not-connected' });
    r.release();
  });
});

describe('LinkQueue jobs asked before they go', () => {
  it('a job no longer wanted when its turn comes is withdrawn unsent; the next one runs', async () => {
    const r = rig();
    const busy = r.add('busy', 'control', r.gate);
    let wanted = true;
    let asked = 0;
    const motion = r.queue.enqueue(async () => (r.started.push('motion'), 'sent'), 'control', { wanted: () => (asked++, wanted) });
    const after = r.add('after', 'control');
    wanted = false; // an interlock tripped while it waited
    r.release();
    await expect(motion).rejects.toMatchObject({ kind: 'cancelled', code: 'withdrawn-before-sending' });
    await Promise.all([busy, after]);
    expect(asked).toBe(1);
    expect(r.started).toEqual(['busy', 'after']);
    expect(r.queue.withdrawnUnwanted).toBe(1);
    // Asked and wanted: it goes; a check that throws withdraws it.
    await expect(r.queue.enqueue(async () => 'sent', 'control', { wanted: () => true })).resolves.toBe('sent');
    await expect(
      r.queue.enqueue(async () => 'sent', 'control', {
        wanted: () => {
          throw new Error('no facts');
        },
      }),
    ).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
