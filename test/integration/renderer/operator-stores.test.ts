/**
 * The renderer's login, control and jog stores on a real engine and the crane simulator (in-memory carrier): login
 * refusals and a prompt that needs a stronger role, control holders from events, and hold-to-run driven by the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlStore } from '../../../renderer/stores/control-store';
import { JogStore } from '../../../renderer/stores/jog-store';
import { LoginStore } from '../../../renderer/stores/login-store';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../../support/crane-console';
import { pollUntil, readInputFloat } from '../sim/sim-clients';

const EQ = 'sts-crane-1';
const HOIST_SPEED_INPUT = 20;

let crane: Awaited<ReturnType<typeof startCrane>>;
let desk: Console;

beforeAll(async () => {
  crane = await startCrane();
  desk = await startConsole(await craneSite(crane.port), 231, false, 'stores');
  await waitConnected(desk);
}, 30_000);

afterAll(async () => {
  await desk?.stop();
  await crane?.stop();
});

/** Resolves once `read()` satisfies `ok` after a store change. */
function until<T>(store: { subscribe(l: () => void): () => void }, read: () => T, ok: (v: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    if (ok(read())) return resolve(read());
    const off = store.subscribe(() => {
      if (!ok(read())) return;
      off();
      resolve(read());
    });
  });
}

describe('operator stores on a real engine', () => {
  it('login: a wrong PIN is refused by code; a prompt needing admin stays open for an operator and runs after admin', async () => {
    const login = new LoginStore();
    login.attach(desk.client);
    expect(await login.login('operator', '0000')).toMatchObject({ code: 'bad-credentials' });
    let followed = 0;
    login.openPrompt({ needs: 'admin', onSuccess: () => followed++ });
    expect(await login.login('operator', '2222')).toEqual({ code: 'role-too-low', message: 'operator' });
    expect(login.getSnapshot()).toMatchObject({ principal: { user: 'operator' }, prompt: { needs: 'admin' } });
    expect(followed).toBe(0);
    expect(await login.login('admin', '4444')).toBeUndefined();
    expect(login.getSnapshot()).toMatchObject({ principal: { user: 'admin', role: 'admin' }, prompt: null });
    expect(followed).toBe(1);
    await login.logout();
    await until(login, () => login.getSnapshot().principal, (p) => p === null);
  });

  it('control and hold-to-run: the holder comes from events; the hoist moves while the store holds and stops after release', async () => {
    const login = new LoginStore();
    const control = new ControlStore();
    const jog = new JogStore();
    login.attach(desk.client);
    control.attach(desk.client);
    jog.attach({
      hold: (equipmentId, command, speed, seq) => desk.client.request('jog.hold', { equipmentId, command, speed, seq }),
      release: (equipmentId, command) => desk.client.request('jog.release', { equipmentId, command }),
    });
    expect(await login.login('operator', '2222')).toBeUndefined();
    const taken = await desk.client.request('control.take', { equipmentId: EQ, takeOver: true });
    expect(taken.outcome.status).toBe('ok');
    await until(control, () => control.getSnapshot().states.get(EQ), (s) => s?.holder?.user === 'operator');

    jog.hold(EQ, 'hoistJog', 0.4);
    await until(jog, () => jog.getSnapshot().limits.get(`${EQ}/hoistJog`), (l) => l !== undefined);
    await pollUntil(() => readInputFloat(crane.master, HOIST_SPEED_INPUT), (v) => v > 0.1);
    jog.release();
    await pollUntil(() => readInputFloat(crane.master, HOIST_SPEED_INPUT), (v) => v === 0, 10_000);
    expect(jog.getSnapshot().active).toBeNull();
    expect(jog.getSnapshot().ended.size).toBe(0); // our own release needs no explanation
    await desk.client.request('control.release', { equipmentId: EQ });
  });
});
