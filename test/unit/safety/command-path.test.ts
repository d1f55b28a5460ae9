/**
 * runCommand's bookkeeping around the device: a read-back that fails after the device took the write is never a
 * refusal; a command the device acted on whose records are not durable says `unaudited`; one whose attempt cannot be
 * written is refused before anything is sent; a sink that throws is a refusal, not a throw.
 */
import { describe, expect, it } from 'vitest';
import type { AuditRecord, AuditSink, CommandDeps, CommandSession } from '../../../main/engine/safety/command-context';
import { runCommand, type CommandSpec } from '../../../main/engine/safety/command-path';
import type { DeviceResult } from '../../../main/engine/safety/device-access';
import { createMemoryLogger } from '../../../main/engine/log';

const session: CommandSession = { id: 1, label: 'desk', principal: () => ({ user: 'ann', role: 'maintenance', console: 'desk', since: 0, lockAfterMs: 900_000 }), emit: () => {} };
const facts: CommandSpec['facts'] = { minRole: 'operator', isStop: false, motion: false, needsOwnership: false, ownsControl: false, remote: undefined, link: 'good', interlocks: [], rateExceeded: false };

/** A sink whose steps the test decides: `written` and `durable` fail for the records `fails` picks. */
function sink(fails: (record: AuditRecord) => 'written' | 'durable' | 'throws' | undefined = () => undefined): AuditSink & { records: AuditRecord[] } {
  const records: AuditRecord[] = [];
  return {
    records,
    append: async (record) => {
      records.push(record);
      if (fails(record)) throw new Error('EIO');
      return records.length;
    },
    stage: (record) => {
      const how = fails(record);
      if (how === 'throws') throw new Error('sink broke');
      records.push(record);
      const seq = records.length;
      const written = how === 'written' ? Promise.reject(new Error('EIO: write')) : Promise.resolve(seq);
      const durable = how ? Promise.reject(new Error('EIO: fdatasync')) : Promise.resolve(seq);
      written.catch(() => undefined);
      durable.catch(() => undefined);
      return { written, durable };
    },
  };
}

function run(audit: AuditSink, execute: () => Promise<DeviceResult>, verify?: CommandSpec['verify'], extra: Partial<CommandSpec> = {}) {
  const deps = { audit, log: createMemoryLogger(), now: () => performance.now() } as unknown as CommandDeps;
  return runCommand(deps, { session, kind: 'command', equipmentId: 'crane', target: 'setWindLimit', newValue: 21.5, facts, execute, ...(verify ? { verify } : {}), ...extra });
}

describe('runCommand', () => {
  it('a read-back that fails after the device took the write is reported as unconfirmed, never as refused', async () => {
    const outcome = await run(sink(), async () => ({ ok: true }), async () => ({ ok: false, kind: 'not-connected', code: 'modbus-not-connected', text: 'the link was lost' }));
    expect(outcome).toMatchObject({ status: 'timeout', text: 'The device took the write, but reading it back failed: the link was lost' });
  });

  it('a command the device acted on whose attempt or outcome is not durable says unaudited, whatever its result', async () => {
    const attemptLost = await run(sink((r) => (r.outcome === 'attempt' ? 'durable' : undefined)), async () => ({ ok: true }));
    expect(attemptLost).toMatchObject({ status: 'ok', unaudited: true });
    const outcomeLost = await run(sink((r) => (r.outcome !== 'attempt' ? 'durable' : undefined)), async () => ({ ok: false, kind: 'timeout', code: 'modbus-timeout', text: 'no answer' }));
    expect(outcomeLost).toMatchObject({ status: 'timeout', unaudited: true });
    const recorded = await run(sink(), async () => ({ ok: true }));
    expect(recorded).toEqual({ status: 'ok', latencyMs: expect.any(Number) });
  });

  it('nothing is sent when the attempt cannot be written, or the sink throws; the stop goes out all the same', async () => {
    let sent = 0;
    const execute = async (): Promise<DeviceResult> => (sent++, { ok: true });
    expect(await run(sink((r) => (r.outcome === 'attempt' ? 'written' : undefined)), execute)).toMatchObject({ status: 'refused', code: 'audit-unavailable' });
    expect(await run(sink((r) => (r.outcome === 'attempt' ? 'throws' : undefined)), execute)).toMatchObject({ status: 'refused', code: 'audit-unavailable' });
    expect(sent).toBe(0);
    const stop = await run(sink((r) => (r.outcome === 'attempt' ? 'written' : undefined)), execute, undefined, { kind: 'stop', auditOptional: true, facts: { ...facts, isStop: true } });
    expect(stop).toMatchObject({ status: 'ok', unaudited: true });
    expect(sent).toBe(1);
  });
});
