/** An OPC UA write's or call's status judged by its severity: Good subcodes are done, Uncertain ones may have acted. */
import { describe, expect, it } from 'vitest';
import { severityOf } from '../../../main/engine/drivers/opcua/status-severity';

describe('severityOf', () => {
  it('reads Good subcodes as done, Uncertain ones as uncertain, the rest as refused', () => {
    expect(['Good', 'GoodClamped', 'GoodCompletesAsynchronously'].map(severityOf)).toEqual(['good', 'good', 'good']);
    expect(['UncertainLastUsableValue', 'Uncertain'].map(severityOf)).toEqual(['uncertain', 'uncertain']);
    expect(['BadNotWritable', 'BadOutOfRange', 'whatever'].map(severityOf)).toEqual(['bad', 'bad', 'bad']);
  });

  it('reads a code without a name by its severity bits', () => {
    expect(['0x00ab0000', '0x40ab0000', '0x80ab0000', '0xc0000000'].map(severityOf)).toEqual(['good', 'uncertain', 'bad', 'bad']);
  });
});
