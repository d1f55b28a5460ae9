/** Hold-to-run in the renderer: holds every 50 ms with increasing seq while held, one release, refusals end the hold. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandOutcome } from '../../../shared/contract/outcome';
import { HOLD_PERIOD_MS, JogStore, type JogTransport } from '../../../renderer/stores/jog-store';

/** Records what the store sends and answers each hold with `answer`. */
function recorder(answer: (seq: number) => CommandOutcome = () => ({ status: 'ok', latencyMs: 1 })) {
  const holds: { command: string; speed: number; seq: number }[] = [];
  const releases: string[] = [];
  const transport: JogTransport = {
    hold: async (_eq, command, speed, seq) => {
      holds.push({ command, speed, seq });
      return { outcome: answer(seq), limit: 1.2, applied: Math.min(speed, 1.2) };
    },
    release: async (_eq, command) => {
      releases.push(command);
      return {};
    },
  };
  return { holds, releases, transport };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('JogStore', () => {
  it('sends a hold at once and every period while held, with strictly increasing seq, then one release', async () => {
    const { holds, releases, transport } = recorder();
    const jog = new JogStore();
    jog.attach(transport);
    jog.hold('crane', 'hoistJog', 0.4);
    await vi.advanceTimersByTimeAsync(HOLD_PERIOD_MS * 10);
    expect(holds.length).toBe(11);
    expect(holds.every((h, i) => i === 0 || h.seq > (holds[i - 1] as { seq: number }).seq)).toBe(true);
    expect(jog.getSnapshot().limits.get('crane/hoistJog')).toEqual({ limit: 1.2, applied: 0.4 });
    jog.release();
    await vi.advanceTimersByTimeAsync(HOLD_PERIOD_MS * 10);
    expect(holds.length).toBe(11);
    expect(releases).toEqual(['hoistJog']);
    expect(jog.getSnapshot().active).toBeNull();
  });

  it('ignores a repeated press of the same jog (key repeat) and restarts on a direction change', async () => {
    const { holds, releases, transport } = recorder();
    const jog = new JogStore();
    jog.attach(transport);
    jog.hold('crane', 'hoistJog', 0.4);
    jog.hold('crane', 'hoistJog', 0.4);
    await vi.advanceTimersByTimeAsync(1);
    expect(holds.length).toBe(1);
    jog.hold('crane', 'hoistJog', -0.4);
    await vi.advanceTimersByTimeAsync(1);
    expect(releases).toEqual(['hoistJog']);
    expect(holds.at(-1)?.speed).toBe(-0.4);
    jog.release();
  });

  it('changes the speed of a running jog in place (a stick), without a release, and still hears refusals', async () => {
    let refuse = false;
    const { holds, releases, transport } = recorder(() => (refuse ? { status: 'refused', stage: 'link', code: 'link:unsafe', text: 'Link unsafe' } : { status: 'ok', latencyMs: 1 }));
    const jog = new JogStore();
    jog.attach(transport);
    jog.hold('crane', 'hoistJog', 0.4);
    await vi.advanceTimersByTimeAsync(1);
    jog.hold('crane', 'hoistJog', 0.8);
    expect(jog.getSnapshot()).toMatchObject({ active: 'crane/hoistJog', speed: 0.8 });
    await vi.advanceTimersByTimeAsync(HOLD_PERIOD_MS);
    expect(releases).toEqual([]);
    expect(holds.map((h) => h.speed)).toEqual([0.4, 0.8]);
    refuse = true;
    jog.hold('crane', 'hoistJog', 0.6);
    await vi.advanceTimersByTimeAsync(HOLD_PERIOD_MS);
    expect(jog.getSnapshot().active).toBeNull();
    expect(jog.getSnapshot().ended.get('crane/hoistJog')).toMatchObject({ kind: 'outcome', outcome: { status: 'refused', text: 'Link unsafe' } });
  });

  it('stops holding on a refusal and keeps its text for the panel', async () => {
    const { holds, transport } = recorder(() => ({ status: 'refused', stage: 'interlock', code: 'interlock:trolley-wind', text: 'Wind above the trolley limit' }));
    const jog = new JogStore();
    jog.attach(transport);
    jog.hold('crane', 'trolleyJog', 1);
    await vi.advanceTimersByTimeAsync(HOLD_PERIOD_MS * 5);
    expect(holds.length).toBe(1);
    expect(jog.getSnapshot().active).toBeNull();
    expect(jog.getSnapshot().ended.get('crane/trolleyJog')).toEqual({
      kind: 'outcome',
      outcome: { status: 'refused', stage: 'interlock', code: 'interlock:trolley-wind', text: 'Wind above the trolley limit' },
    });
  });

  it('explains an engine stop only while the operator still holds; losing the engine link stops locally', async () => {
    const { holds, transport } = recorder();
    const jog = new JogStore();
    jog.attach(transport);
    jog.stoppedByEngine('crane', 'hoistJog', 'released', 'Released');
    expect(jog.getSnapshot().ended.size).toBe(0);
    jog.hold('crane', 'hoistJog', 0.4);
    jog.stoppedByEngine('crane', 'hoistJog', 'link-lost', 'The link to the equipment is lost');
    expect(jog.getSnapshot().ended.get('crane/hoistJog')?.kind).toBe('stopped');
    jog.hold('crane', 'gantryJog', 0.1);
    jog.attach(undefined);
    const sent = holds.length;
    await vi.advanceTimersByTimeAsync(HOLD_PERIOD_MS * 5);
    expect(holds.length).toBe(sent);
    expect(jog.getSnapshot().active).toBeNull();
  });
});
