/** `rec-console write` ends in error (exit 1, one line) unless the write was done and recorded. */
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../main/cli/cli-error';
import { checkWriteOutcome } from '../../../main/cli/probes/write-outcome';

describe('the CLI write outcome', () => {
  it('is silent only for a recorded success', () => {
    expect(() => checkWriteOutcome('holding:16', { status: 'ok', latencyMs: 2 })).not.toThrow();
    const unrecorded = () => checkWriteOutcome('holding:16', { status: 'ok', latencyMs: 2, unaudited: true });
    expect(unrecorded).toThrow(CliError);
    expect(unrecorded).toThrow('write holding:16: written, but the audit log could not record it');
    expect(() => checkWriteOutcome('holding:16', { status: 'refused', stage: 'role', code: 'role-too-low', text: 'Needs the maintenance role' })).toThrow('write holding:16: Needs the maintenance role');
  });
});
