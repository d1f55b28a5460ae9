/** The alarm service on compiled definitions with a simulated clock: delays, link alarms, shelve expiry and floods. */
import { afterEach, describe, expect, it } from 'vitest';
import type { AlarmTransition } from '../../../shared/contract/requests/alarms';
import type { AlarmDef } from '../../../main/engine/alarms/alarm-defs';
import { LINK_DEGRADED_ON_DELAY_MS } from '../../../main/engine/alarms/alarm-defs';
import { AlarmService } from '../../../main/engine/alarms/alarm-service';

let now = 1_000;
const services: AlarmService[] = [];
afterEach(() => services.splice(0).forEach((s) => s.close()));

/** A service over alarms whose raw condition is `inputs[signal] > 0`. */
function serviceOf(defs: Partial<AlarmDef>[], inputs: number[]) {
  const events: AlarmTransition[] = [];
  const full = defs.map((d, i): AlarmDef => ({
    key: `eq/a${i}`, equipmentId: 'eq', alarmId: `a${i}`, priority: 'medium', message: `alarm ${i}`, onDelayMs: 0, offDelayMs: 0, outOfService: false,
    signals: [i], condition: () => (inputs[i]! > 0 ? true : inputs[i]! < 0 ? undefined : false), ...d,
  }));
  const service = new AlarmService(full, () => now, (t) => events.push(t));
  services.push(service);
  return { service, events };
}

describe('alarm service', () => {
  it('keeps when an alarm came in: an acknowledgement or a return moves its state time, never its raised time; a restart keeps it', () => {
    const inputs = [1];
    const { service, events } = serviceOf([{}], inputs);
    service.signalChanged(0);
    const raisedAt = now;
    expect(service.get('eq/a0')).toMatchObject({ state: 'unack-active', since: raisedAt, raisedAt });
    now += 60_000;
    expect(service.operate('eq/a0', { type: 'ack' }, { user: 'op' })).toEqual({ ok: true });
    expect(service.get('eq/a0')).toMatchObject({ state: 'ack-active', since: now, raisedAt });
    expect(events.at(-1)).toMatchObject({ state: 'ack-active', at: now, raisedAt });
    const restarted = serviceOf([{}], [1]).service;
    restarted.restore(service.snapshot());
    expect(restarted.get('eq/a0')?.raisedAt).toBe(raisedAt);
    now += 60_000;
    inputs[0] = 0;
    service.signalChanged(0);
    expect(service.get('eq/a0')).toMatchObject({ state: 'normal', raisedAt });
    // A file from before raisedAt was kept: an active alarm's state time stands in for it.
    const older = serviceOf([{}], [1]).service;
    older.restore({ alarms: { 'eq/a0': { active: true, acked: true, since: 5_000 } } });
    expect(older.get('eq/a0')?.raisedAt).toBe(5_000);
    inputs[0] = 1;
    now += 1_000;
    service.signalChanged(0); // raised again: a new time
    expect(service.get('eq/a0')?.raisedAt).toBe(now);
  });

  it('keeps the state while an input is stale or missing', () => {
    const inputs = [1];
    const { service } = serviceOf([{}], inputs);
    service.signalChanged(0);
    inputs[0] = -1; // unknown
    service.signalChanged(0);
    expect(service.get('eq/a0')?.state).toBe('unack-active');
  });

  it('an on- or off-delay does not complete on an input that became unknown meanwhile: it starts over when known again', () => {
    const inputs = [1, 1];
    const { service } = serviceOf([{ onDelayMs: 500 }, { offDelayMs: 500 }], inputs);
    const tick = () => (service as unknown as { tick(): void }).tick();
    service.signalChanged(0); // on-delay starts
    service.signalChanged(1); // no on-delay: active at once
    inputs[1] = 0;
    service.signalChanged(1); // off-delay starts
    now += 100;
    inputs[0] = -1;
    inputs[1] = -1;
    service.signalChanged(0); // stale, then bad: unknown
    service.signalChanged(1);
    now += 900;
    tick();
    expect(service.get('eq/a0')?.state).toBe('normal'); // not raised on a value no longer there
    expect(service.get('eq/a1')?.state).toBe('unack-active'); // not cleared on an unknown value
    inputs[0] = 1;
    service.signalChanged(0); // known again: the delay starts over
    now += 400;
    tick();
    expect(service.get('eq/a0')?.state).toBe('normal');
    now += 200;
    tick();
    expect(service.get('eq/a0')?.state).toBe('unack-active');
  });

  it('raises a link alarm on backoff and returns it on reconnect, ignoring connecting', () => {
    const { service, events } = serviceOf(
      [
        { signals: [], condition: undefined, connectionId: 'plc', linkWatch: 'lost', alarmId: 'link-lost', key: 'eq/link-lost' },
        { signals: [], condition: undefined, connectionId: 'plc', linkWatch: 'degraded', alarmId: 'link-degraded', key: 'eq/link-degraded', priority: 'low' },
      ],
      [],
    );
    service.connectionChanged('plc', 'connecting');
    expect(events).toHaveLength(0);
    service.connectionChanged('plc', 'backoff');
    service.connectionChanged('plc', 'connecting');
    service.connectionChanged('plc', 'connected');
    service.connectionChanged('plc', 'degraded');
    service.connectionChanged('plc', 'connected');
    expect(events.map((e) => `${e.alarmId}:${e.state}`)).toEqual(['link-lost:unack-active', 'link-lost:unack-returned', 'link-degraded:unack-active', 'link-degraded:unack-returned']);
    // A connection whose reconnect finds nothing answering goes connecting → backoff, never connected: lost stays.
    events.length = 0;
    service.connectionChanged('plc', 'backoff');
    service.connectionChanged('plc', 'connecting');
    service.connectionChanged('plc', 'backoff');
    expect(events.map((e) => `${e.alarmId}:${e.state}`)).toEqual(['link-lost:unack-active']);
  });

  it('annunciates a degraded link only once it stays degraded past its on-delay; a lost one at once', () => {
    const { service, events } = serviceOf(
      [
        { signals: [], condition: undefined, connectionId: 'plc', linkWatch: 'lost', alarmId: 'link-lost', key: 'eq/link-lost' },
        { signals: [], condition: undefined, connectionId: 'plc', linkWatch: 'degraded', alarmId: 'link-degraded', key: 'eq/link-degraded', priority: 'low', onDelayMs: LINK_DEGRADED_ON_DELAY_MS },
      ],
      [],
    );
    const tick = () => (service as unknown as { tick(): void }).tick();
    service.connectionChanged('plc', 'connected');
    service.connectionChanged('plc', 'degraded');
    now += LINK_DEGRADED_ON_DELAY_MS - 1000;
    tick();
    service.connectionChanged('plc', 'connected'); // a blip: never annunciated
    now += 10_000;
    tick();
    expect(events).toEqual([]);
    service.connectionChanged('plc', 'degraded');
    now += LINK_DEGRADED_ON_DELAY_MS;
    tick();
    expect(events.map((e) => `${e.alarmId}:${e.state}`)).toEqual(['link-degraded:unack-active']);
    service.connectionChanged('plc', 'backoff');
    expect(events.map((e) => `${e.alarmId}:${e.state}`)).toEqual(['link-degraded:unack-active', 'link-lost:unack-active', 'link-degraded:unack-returned']);
  });

  it('emits every transition of a flood, urgent ones included, and reports the flood', () => {
    const inputs = Array.from({ length: 40 }, () => 1);
    const { service, events } = serviceOf(inputs.map((_, i) => ({ priority: i % 4 === 0 ? 'urgent' : 'low' })), inputs);
    for (let i = 0; i < inputs.length; i++) service.signalChanged(i);
    expect(events.filter((e) => e.priority === 'urgent' && e.state === 'unack-active')).toHaveLength(10);
    expect(events).toHaveLength(40);
    expect(service.floodFigures()).toEqual({ active: 40, unacked: 40, raisedLast10Min: 40, flooding: true });
    now += 11 * 60_000;
    expect(service.floodFigures()).toMatchObject({ raisedLast10Min: 0, flooding: false });
  });

  it('refuses an operator action on an unknown alarm', () => {
    const { service } = serviceOf([], []);
    expect(service.operate('eq/none', { type: 'ack' }, {})).toMatchObject({ ok: false, code: 'not-found' });
  });
});
