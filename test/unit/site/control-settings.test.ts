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
    [{ stopCommand: 'halt' }, 'equipment.0.stopCommand: unknown command "halt" (the stop button would do nothing)'],
    [{ commands: { stop: { kind: 'setpoint', tag: 'ref' } } }, 'equipment.0.commands.stop.kind: the stop command "stop" must be a pulse, not setpoint'],
    // A pulse's value (default true) is checked against its tag's type when loaded, not found out when pressed.
    [{ commands: { stop: { kind: 'pulse', tag: 'stopCoil', value: 2 } } }, 'equipment.0.commands.stop.value: the pulse writes 2 to "stopCoil" (bool): Needs on/off (true or false)'],
    [{ commands: { stop: { kind: 'pulse', tag: 'owner' } } }, 'equipment.0.commands.stop.tag: the pulse writes true (the default) to "owner" (uint16): Needs a number'],
    [{ commands: { stop: { kind: 'pulse', tag: 'ref', value: 5 } } }, 'equipment.0.commands.stop.value: the pulse writes 5 to "ref" (float32): Must be between -1 and 1'],
    [{ commands: { call: { kind: 'method', objectId: 'ns=2;s=Rig', methodId: 'ns=2;i=5' } } }, 'equipment.0.commands.call.kind: methods are OPC UA; connection "plc" is modbus-tcp'],
    // A method's argument is declared (type, range) so the gate checks it; a setpoint's value is its tag's.
    [{ commands: { set: { kind: 'setpoint', tag: 'ref', argument: { type: 'float32' } } } }, "equipment.0.commands.set.argument: only a method command takes an argument; a setpoint command's value is its tag's"],
    // Alarm and interlock ids are the engine's keys: a duplicate, or the engine's own link alarm id, would hide one.
    [{ alarms: [{ id: 'a', tag: 'remote', equals: true, priority: 'low', message: 'A' }, { id: 'a', tag: 'remote', equals: false, priority: 'high', message: 'B' }] }, 'equipment.0.alarms.1.id: duplicate alarm id "a" (first at alarms[0])'],
    [{ alarms: [{ id: 'link-lost', tag: 'remote', equals: false, priority: 'high', message: 'Lost' }] }, 'equipment.0.alarms.0.id: "link-lost" is the engine\'s own alarm of every equipment; name this one otherwise'],
    [{ interlocks: [{ id: 'i', allowWhen: 'remote == 1', blocks: ['jog'], reason: 'r' }, { id: 'i', allowWhen: 'remote == 0', blocks: ['jog'], reason: 'r' }] }, 'equipment.0.interlocks.1.id: duplicate interlock id "i" (first at interlocks[0])'],
  ])('refuses %o', (equipment, message) => expect(problems(equipment)).toContain(message));

  it('refuses the engine\'s own registers shared with another writable tag, or with each other', () => {
    const tags = (extra: Record<string, unknown>) => ({ tags: { ...base({}).equipment[0]!.tags, ...extra } });
    expect(problems({ ...tags({ hb: { address: 'holding:10', type: 'uint16', writable: true } }), heartbeat: { tag: 'hb' } })).toContain(
      'equipment.0.heartbeat.tag: the heartbeat\'s register holding:10 is also written as "eq.ref" (holding:10..11): the engine writes it by itself, so each would overwrite the other',
    );
    expect(problems({ heartbeat: { tag: 'owner' }, controlOwner: { tag: 'owner' } })).toContain(
      'equipment.0.controlOwner.tag: the control owner\'s register holding:2 is also written as the heartbeat (holding:2): the engine writes it by itself, so each would overwrite the other',
    );
    expect(problems({ jog: { block: { address: 'holding:0' } } })).toContain(
      'equipment.0.jog.block.address: the jog block\'s register holding:0..4 is also written as "eq.owner" (holding:2): the engine writes it by itself, so each would overwrite the other',
    );
    // With a block, jogs write the block, never their own tags: a jog's tag may be the block's speed word.
    expect(problems({ jog: { block: { address: 'holding:8' } } })).toEqual([]);
    // Different bits of one register are different things; a read-only tag is not written.
    expect(problems({ ...tags({ hb: { address: 'holding:20', type: 'uint16', writable: true }, flag: { address: 'holding:21.0', type: 'bool', writable: true }, seen: { address: 'holding:20', type: 'uint16' } }), heartbeat: { tag: 'hb' } })).toEqual([]);
  });

  it('refuses two equipment writing one register of one device (a unit id left out), not two devices', () => {
    const site = base({});
    const twin = { ...site.equipment[0]!, id: 'twin', commands: {}, tags: { sp: { address: 'holding:11', type: 'uint16', writable: true } } };
    const parsed = (equipment: unknown[]) => SiteFile.safeParse({ ...site, equipment });
    const issues = (equipment: unknown[]) => parsed(equipment).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues([site.equipment[0], twin])).toEqual(['equipment.1.tags.sp.address: holding:11 is also written as "eq.ref" (holding:10..11) on the same device (connection and unit): is a unit id missing?']);
    expect(issues([site.equipment[0], { ...twin, unitId: 2 }])).toEqual([]);
    // One device, one jog block: two equipment counting its sequence apart would make it drop one's zero as stale.
    const blocked = { ...site.equipment[0], jog: { block: { address: 'holding:40' } } };
    expect(issues([blocked, { ...twin, tags: {}, jog: { block: { address: 'holding:42' } } }])).toEqual([
      'equipment.1.jog.block.address: holding:42..46 is also written as "eq jog block" (holding:40..44) on the same device (connection and unit): is a unit id missing?',
    ]);
  });

  it('accepts a pulse of a number on a register, of 0/1 on a bit, and an equipment without commands (no stop)', () => {
    expect(problems({ commands: { stop: { kind: 'pulse', tag: 'owner', value: 3 }, reset: { kind: 'pulse', tag: 'stopCoil', value: 1 } } })).toEqual([]);
    expect(problems({ commands: {} })).toEqual([]);
  });

  it('refuses jogs and motion commands on equipment whose stop button would do nothing; a stop named otherwise, or a plain setpoint alone, is fine', () => {
    expect(problems({ commands: { jog: { kind: 'jog', tag: 'ref', axis: 0 } } })).toEqual([
      'equipment.0.commands.jog: equipment with jogs needs a stop command: add a pulse command "stop" (or name another in stopCommand), or the stop button beside the jog would do nothing',
    ]);
    expect(problems({ stopCommand: 'halt', commands: { jog: { kind: 'jog', tag: 'ref', axis: 0 }, halt: { kind: 'pulse', tag: 'stopCoil' } } })).toEqual([]);
    expect(problems({ commands: { go: { kind: 'pulse', tag: 'stopCoil', motion: true } } })).toEqual([
      'equipment.0.commands.go: equipment with motion commands needs a stop command: add a pulse command "stop" (or name another in stopCommand), or the stop button beside the command would do nothing',
    ]);
    expect(problems({ commands: { set: { kind: 'setpoint', tag: 'ref' } } })).toEqual([]);
  });

  it('with a jog block, every jog names its axis', () => {
    const site = base({ jog: { block: { address: 'holding:40' } } });
    (site.equipment[0] as { commands: Record<string, unknown> }).commands.jog = { kind: 'jog', tag: 'ref' };
    const parsed = SiteFile.safeParse(site);
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.message)).toContain('with a jog block, every jog names its axis');
  });
});
