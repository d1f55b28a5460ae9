/**
 * Control ownership between two consoles, hold-to-run jogs and the supplementary stop against the real crane
 * simulator, through the contract. The crane's jog block (sequenced, owner-checked) carries every jog reference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlMap } from '../../../main/sim/modbus-server/plc/control-map';
import { auditEntries } from '../../support/audit-entries';
import { craneSite, resetCraneFaults, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';
import { readInputFloat, pollUntil } from '../sim/sim-clients';
import { startLinkProxy } from '../../../main/sim/link-lab';

const EQ = 'sts-crane-1';
const HOIST_SPEED_INPUT = 20; // input 20–21: hoist speed (m/s)
const JOG_REF = 43; // holding 43–44: the jog block's reference of the last applied axis

let crane: Awaited<ReturnType<typeof startCrane>>;
let a: Console;
let b: Console;

beforeAll(async () => {
  crane = await startCrane();
  const site = await craneSite(crane.port);
  a = await startConsole(site, 201, 'operator', 'console-A');
  b = await startConsole(site, 202, 'operator', 'console-B');
  await Promise.all([waitConnected(a), waitConnected(b)]);
}, 30_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await crane?.stop();
});

const owner = async () => (await crane.master.readHoldingRegisters(ControlMap.holding.controlOwner, 1)).data[0];
const jogRef = async () => {
  const r = await crane.master.readHoldingRegisters(JOG_REF, 2);
  const bytes = Buffer.alloc(4);
  bytes.writeUInt16BE(r.data[0] ?? 0, 0);
  bytes.writeUInt16BE(r.data[1] ?? 0, 2);
  return bytes.readFloatBE(0); // float32 ABCD
};

describe('control ownership between two consoles', () => {
  it('only one console controls; the other is refused with the holder, then takes over with confirmation', async () => {
    const taken = await a.client.request('control.take', { equipmentId: EQ });
    expect(taken.outcome.status).toBe('ok');
    expect(await owner()).toBe(201);

    const refused = await b.client.request('control.take', { equipmentId: EQ });
    expect(refused.outcome).toMatchObject({ status: 'refused', stage: 'ownership', code: 'owned-by-other' });

    const over = await b.client.request('control.take', { equipmentId: EQ, takeOver: true });
    expect(over.outcome.status).toBe('ok');
    expect(await owner()).toBe(202);
    // The loser is told at once (its engine sees the owner register change on its next scan).
    const lost = await a.waitForEvent('control.changed', (c) => c.equipmentId === EQ && c.lost?.code === 'taken-elsewhere');
    expect(lost.holder).toBeNull();
    const after = await a.client.request('command.execute', { equipmentId: EQ, command: 'stop' });
    expect(after.outcome).toMatchObject({ status: 'refused', stage: 'ownership', code: 'not-owner' });
    const audit = await auditEntries(b.dataDir);
    expect(audit.some((e) => e.kind === 'ownership' && e.target?.command === 'take-over' && e.outcome?.result === 'ok')).toBe(true);
  });
});

describe('hold-to-run', () => {
  it('moves only while holds arrive; stopping the holds zeroes the reference at the device within the lease', async () => {
    let seq = 0;
    const hold = () => b.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: 0.4, seq: ++seq });
    const first = await hold();
    expect(first.outcome.status).toBe('ok');
    expect(first.applied).toBeCloseTo(0.4);
    const timer = setInterval(() => void hold(), 50);
    await pollUntil(() => readInputFloat(crane.master, HOIST_SPEED_INPUT), (v) => v > 0.1);
    clearInterval(timer);
    const lastHoldAt = Date.now();
    await pollUntil(jogRef, (v) => v === 0, 5000, 5);
    const zeroAfterMs = Date.now() - lastHoldAt;
    const stopped = await b.waitForEvent('jog.stopped', (e) => e.code === 'hold-ended');
    expect(stopped.command).toBe('hoistJog');
    // Its end is recorded as the user's, with the role they held it as (as every other record of the jog).
    const ended = (await auditEntries(b.dataDir)).filter((e) => e.kind === 'jog' && e.outcome?.code === 'hold-ended');
    expect(ended.at(-1)?.who).toMatchObject({ user: expect.any(String), role: expect.any(String) });
    // Lease 150 ms + expiry tick 20 ms + one write round trip, plus this poll's own period: well inside a second.
    expect(zeroAfterMs).toBeLessThan(1000);
    console.log(`jog zero at the device ${zeroAfterMs} ms after the last hold`);
  });

  it('discards holds whose sequence number is not newer, and counts them', async () => {
    const before = b.engine.commands.jogs.leases.staleHolds;
    const ok = await b.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: 0.2, seq: 1000 });
    expect(ok.outcome.status).toBe('ok');
    const stale = await b.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: 0.3, seq: 999 });
    expect(stale.outcome).toMatchObject({ status: 'refused', code: 'stale-seq' });
    expect(b.engine.commands.jogs.leases.staleHolds).toBe(before + 1);
    await b.client.request('jog.release', { equipmentId: EQ, command: 'hoistJog' });
    expect(await jogRef()).toBe(0);
  });

  it('a stop while the operator still holds ends the jog; holding on does not restart it until they let go', async () => {
    let seq = 5000;
    const hold = () => b.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: 0.25, seq: ++seq });
    expect((await hold()).outcome.status).toBe('ok');
    expect((await b.client.request('stop', { equipmentId: EQ })).outcome.status).toBe('ok');
    const still = await hold();
    expect(still.outcome).toMatchObject({ status: 'refused', stage: 'state', code: 'stopped' });
    expect(await jogRef()).toBe(0);
    await b.client.request('jog.release', { equipmentId: EQ, command: 'hoistJog' });
    const again = await hold();
    expect(again.outcome.status).toBe('ok');
    await b.client.request('jog.release', { equipmentId: EQ, command: 'hoistJog' });
    expect(await jogRef()).toBe(0);
  });

  it('a release that overtakes its hold leaves the reference at zero', async () => {
    // The hold and the release go together; the release is handled while the hold's write is on its way.
    const [held] = await Promise.all([
      b.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: 0.25, seq: 9001 }),
      b.client.request('jog.release', { equipmentId: EQ, command: 'hoistJog' }),
    ]);
    expect(['ok', 'refused']).toContain(held.outcome.status);
    await pollUntil(jogRef, (v) => v === 0, 2000, 10);
    expect(b.engine.commands.jogs.leases.size).toBe(0);
  });

  it('a client that closes mid-jog leaves the reference at zero and control released', async () => {
    const extra = b.attachClient('console-B-window-2');
    await extra.request('session.login', { user: 'operator', secret: '2222' });
    // Control belongs to B's first client, which is jogging; hand it over within the engine with a confirmed take-over.
    // The device sees no owner change (same console id), so the engine itself must bring B's jog to zero.
    expect((await b.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: 0.2, seq: 20_000 })).outcome.status).toBe('ok');
    expect(await jogRef()).toBeCloseTo(0.2);
    const over = await extra.request('control.take', { equipmentId: EQ, takeOver: true });
    expect(over.outcome.status).toBe('ok');
    expect(await jogRef()).toBe(0);
    const held = await extra.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: -0.3, seq: 1 });
    expect(held.outcome.status).toBe('ok');
    expect(await jogRef()).toBeCloseTo(-0.3);
    extra.close();
    await pollUntil(jogRef, (v) => v === 0, 5000, 5);
    await pollUntil(owner, (v) => v === 0, 5000, 10);
  });
});

describe('supplementary stop over a 5G link', () => {
  // Behind the link lab's 5g-good profile (10 ms round trip) a queue of maintenance reads takes a while to drain,
  // so the stop's place in the queue shows: it goes after the one request in flight, not after the queue.
  it('reaches the device ahead of a link queue full of maintenance reads', async () => {
    const proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: crane.port, profile: '5g-good', seed: 7 });
    const c = await startConsole(await craneSite(proxy.port), 203, 'operator', 'console-C');
    try {
      await waitConnected(c);
      expect((await c.client.request('control.take', { equipmentId: EQ, takeOver: true })).outcome.status).toBe('ok');
      const floods = Array.from({ length: 3 }, (_, i) => c.attachClient(`flood-${i}`));
      let readsDone = 0;
      const reads = floods.flatMap((client) =>
        Array.from({ length: 30 }, () =>
          client
            .request('modbus.read', { connectionId: 'crane-plc', address: 'input:0', count: 40 })
            .then(() => ++readsDone)
            .catch(() => undefined), // beyond the maintenance lane's bound: busy
        ),
      );
      const stop = await c.client.request('stop', { equipmentId: EQ });
      const readsDoneAtStop = readsDone;
      expect(stop.outcome.status).toBe('ok');
      expect(stop.attempts).toBe(1);
      await Promise.all(reads);
      // Most accepted maintenance reads were answered after the stop: it did not queue behind them.
      expect(readsDone).toBeGreaterThan(8);
      expect(readsDoneAtStop).toBeLessThan(readsDone / 2);
      const audit = await auditEntries(c.dataDir);
      expect(audit.some((e) => e.kind === 'stop' && e.outcome?.result === 'ok')).toBe(true);
      console.log(`stop ${stop.outcome.status === 'ok' ? stop.outcome.latencyMs : '?'} ms on a ${proxy.stats().configuredRttMs} ms link; maintenance reads answered before it: ${readsDoneAtStop} of ${readsDone}`);
    } finally {
      await c.stop();
      await proxy.close();
    }
  });
});

describe('a stop the device does not take', () => {
  it('still brings every jog of the equipment to zero', async () => {
    // A stop the device refuses every time: its coil is not there (a site file cannot leave the stop out, or name a
    // command that does not exist, but it can point the stop at the wrong address).
    const site = await craneSite(crane.port, (s) => {
      const tags = (s.equipment as { tags: Record<string, Record<string, unknown>> }[])[0]!.tags;
      tags.stopCmd = { ...tags.stopCmd, address: 'coil:900' };
    });
    const e = await startConsole(site, 205, 'operator', 'console-E');
    try {
      await waitConnected(e);
      expect((await e.client.request('control.take', { equipmentId: EQ, takeOver: true })).outcome.status).toBe('ok');
      await resetCraneFaults(crane.master, e); // earlier tests may have left the watchdog latched
      const held = await e.client.request('jog.hold', { equipmentId: EQ, command: 'hoistJog', speed: -0.2, seq: 1 });
      expect(held.outcome, JSON.stringify(held.outcome)).toMatchObject({ status: 'ok' });
      expect(await jogRef()).toBeCloseTo(-0.2);
      const stop = await e.client.request('stop', { equipmentId: EQ });
      expect(stop.outcome).toMatchObject({ status: 'device-rejected' });
      expect(await jogRef()).toBe(0);
    } finally {
      await e.stop();
    }
  });
});

describe('link loss during a jog', () => {
  it('drops control and the jog at once, lets the device watchdog stop the machine, and replays nothing after restore', async () => {
    const proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: crane.port, profile: '5g-good', seed: 3 });
    const d = await startConsole(await craneSite(proxy.port), 204, 'operator', 'console-D');
    try {
      await waitConnected(d);
      expect((await d.client.request('control.take', { equipmentId: EQ, takeOver: true })).outcome.status).toBe('ok');
      await pollUntil(() => crane.master.readDiscreteInputs(ControlMap.discrete.heartbeatFresh, 1), (r) => r.data[0] === true);
      let seq = 0;
      const hold = () => d.client.request('jog.hold', { equipmentId: EQ, command: 'gantryJog', speed: 0.3, seq: ++seq }).catch(() => undefined);
      expect((await hold())?.outcome.status).toBe('ok');
      const timer = setInterval(() => void hold(), 50);
      try {
        await pollUntil(() => readInputFloat(crane.master, 12), (v) => v > 0.05); // gantry moving
        proxy.setProfile('outage-1s'); // the link drops now, for one second
        const lost = await d.waitForEvent('control.changed', (c) => c.lost?.code === 'link-lost');
        expect(lost.holder).toBeNull();
        await d.waitForEvent('jog.stopped', (e) => e.code === 'link-lost');
      } finally {
        clearInterval(timer);
      }
      const accepted = (await crane.master.readInputRegisters(40, 1)).data[0]; // jogAcceptedCount
      // The device stops by itself: its watchdog sees the heartbeat stop and latches a fault.
      await pollUntil(() => crane.master.readInputRegisters(ControlMap.input.faultCode, 1), (r) => r.data[0] === 1, 5000);
      await pollUntil(() => readInputFloat(crane.master, 12), (v) => v === 0, 10_000);
      proxy.setProfile('5g-good');
      await waitConnected(d);
      // Restored: no jog was replayed, control must be taken again explicitly.
      const afterHold = await d.client.request('jog.hold', { equipmentId: EQ, command: 'gantryJog', speed: 0.3, seq: ++seq });
      expect(afterHold.outcome).toMatchObject({ status: 'refused', stage: 'ownership' });
      expect((await crane.master.readInputRegisters(40, 1)).data[0]).toBe(accepted);
      const audit = await auditEntries(d.dataDir);
      expect(audit.some((e) => e.kind === 'ownership' && e.outcome?.code === 'link-lost')).toBe(true);
    } finally {
      await d.stop();
      await proxy.close();
    }
  });
});
