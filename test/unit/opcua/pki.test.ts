import { describe, expect, it } from 'vitest';
import { firstCertificate, normaliseThumbprint } from '../../../main/engine/drivers/opcua/pki';

describe('PKI helpers', () => {
  it('takes the first DER certificate of a concatenated chain', () => {
    // Two minimal DER SEQUENCEs: long-form length (0x82) then short form.
    const first = Buffer.from([0x30, 0x82, 0x00, 0x03, 1, 2, 3]);
    const second = Buffer.from([0x30, 0x02, 9, 9]);
    expect(firstCertificate(Buffer.concat([first, second]))).toEqual(first);
    expect(firstCertificate(second)).toEqual(second);
    const pem = Buffer.from('-----BEGIN CERTIFICATE-----');
    expect(firstCertificate(pem)).toBe(pem);
  });

  it('normalises thumbprints as users paste them', () => {
    expect(normaliseThumbprint('7F:AB:8F D3')).toBe('7fab8fd3');
  });
});
