/**
 * A reply is never paired with the wrong request on RTU framing (no transaction id): a device that answers twice,
 * late, in pieces, or with trailing bytes yields right values or named errors — never another request's value.
 * Over RTU over TCP and over a real serial line (socat PTY pair), ≥ 1,000 reads per fault mode.
 */
import { describe, expect, it } from 'vitest';
import { requireTools } from '../../support/system-tools';
import { pairingModes, rtuOverTcpRig, rtuSerialRig, runPairing } from '../../support/pairing-run';

const READS = 1000;
const TIMEOUT_MS = 60;
const transports = [
  { name: 'RTU over TCP', rig: rtuOverTcpRig, skip: false },
  { name: 'RTU on a PTY', rig: rtuSerialRig, skip: requireTools('socat') },
];

for (const transport of transports) {
  describe.skipIf(transport.skip).concurrent(`${transport.name}: reply pairing`, () => {
    for (const [mode, fault] of Object.entries(pairingModes(TIMEOUT_MS))) {
      it(`${mode}: ${READS} reads, 0 wrong values`, async () => {
        const rig = await transport.rig(fault, TIMEOUT_MS);
        try {
          const tally = await runPairing(rig, READS);
          console.info(`${transport.name} / ${mode}: ${JSON.stringify(tally)}`);
          expect(tally.reads).toBe(READS);
          expect(tally.wrongSamples).toEqual([]);
          expect(tally.wrong).toBe(0);
          // Most reads still get their own answer (the faults cost some, never correctness).
          expect(tally.right).toBeGreaterThan(READS * 0.8);
          expect(rig.server.maxOutstanding).toBeLessThanOrEqual(1);
        } finally {
          await rig.close();
        }
      }, 60_000);
    }
  });
}
