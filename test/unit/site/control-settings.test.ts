/** Site-file checks of the control settings: stop command, take-over register, jog block, remote condition. */
import { describe, expect, it } from 'vitest';
import { SiteFile } from '../../../shared/site/schema';

const base = (equipment: Record<string, unknown>) => ({
  site: { name: 't' },
  connections: [{ id: 'plc', protocol: 'modbus-tcp', host: '127.0.0.1' }],
  equipment: [
    {
      id: 'eq',
      name: 'Eq',
      type: 'generic',
      connection: 'plc',
      tags: {
        owner: { address: 'holding:2', type: 'uint16', writable: true },
        ref: { address: 'holding:10', type: 'float32', range: [-1, 1], writable: true },
        stopCoil: { address: 'coil:0', type: 'bool', writable: true },
        remote: { address: 'discrete:0', type: 'bool' },
      },
      commands: { jog: { kind: 'jog', tag: 'ref', axis: 0 }, stop: { kind: 'pulse', tag: 'stopCoil', value: true } },
      ...equipment,
    },
  ],
});

const problems = (equipment: Record<string, unknown>) => {
  const parsed = SiteFile.safeParse(base(equipment));
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('control settings in the site file', () => {
  it('accepts a complete control block', () => {
    expect(problems({ controlOwner: { tag: 'owner', takeOverTag: 'owner' }, remoteWhen: 'remote == 1', jog: { block: { address: 'holding:40' } } })).toEqual([]);
  });

  it.each([
    [{ controlOwner: { tag: 'owner', takeOverTag: 'nope' } }, 'equipment.0.controlOwner.takeOverTag: unknown tag "nope"'],
    [{ stopCommand: 'jog' }, 'equipment.0.stopCommand: the stop command "jog" must be a pulse, not jog'],
    [{ jog: { block: { address: 'holding:40', lastSeqTag: 'seqx' } } }, 'equipment.0.jog.block.lastSeqTag: unknown tag "seqx"'],
    [{ jog: { block: { address: 'input:40' } } }, 'equipment.0.jog.block.address: must be a holding register, e.g. holding:40'],
    [{ remoteWhen: 'remot == 1' }, 'equipment.0.remoteWhen: unknown tag "remot" of eq (did you mean "remote"?)'],
  ])('refuses %o', (equipment, message) => expect(problems(equipment)).toContain(message));

  it('with a jog block, every jog names its axis', () => {
    const site = base({ jog: { block: { address: 'holding:40' } } });
    (site.equipment[0] as { commands: Record<string, unknown> }).commands.jog = { kind: 'jog', tag: 'ref' };
    const parsed = SiteFile.safeParse(site);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.message)).toContain('with a jog block, every jog names its axis');
  });
});
