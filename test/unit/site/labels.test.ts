/** Site labels: en/zh-CN names for equipment, tags and commands, and state texts by raw value; bad ones refused with a path. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatSiteError, parseSiteText } from '../../../shared/site/parse';

const site = (tag: string) => `site: { name: t }
connections:
  - { id: plc, protocol: modbus-tcp, host: 127.0.0.1, port: 1502 }
equipment:
  - id: eq1
    name: Eq 1
    label: { en: Crane one, zh-CN: 一号起重机 }
    type: generic
    connection: plc
    tags:
      mode: ${tag}
    commands:
      setMode: { kind: setpoint, tag: mode, label: { en: Mode } }
`;

describe('site labels', () => {
  it('accepts labels (Chinese optional) and state texts keyed by integer value', () => {
    const parsed = parseSiteText(site('{ address: "holding:0", type: uint16, writable: true, label: { en: Mode, zh-CN: 模式 }, states: { 0: { en: Local, zh-CN: 本地 }, 1: { en: Remote } } }'), 's.yaml');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const eq = parsed.site.equipment[0];
    expect(eq?.label).toEqual({ en: 'Crane one', 'zh-CN': '一号起重机' });
    expect(eq?.tags.mode?.states?.['1']).toEqual({ en: 'Remote' });
    expect(eq?.commands.setMode?.label).toEqual({ en: 'Mode' });
  });

  it('refuses a state key that is not an integer and a label without English', () => {
    const parsed = parseSiteText(site('{ address: "holding:0", type: uint16, label: { zh-CN: 模式 }, states: { on: { en: On } } }'), 's.yaml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const lines = parsed.errors.map(formatSiteError).join('\n');
    expect(lines).toContain('equipment[0].tags.mode.label.en');
    expect(lines).toContain('equipment[0].tags.mode.states.on');
  });

  it('the demo site labels the crane in both languages', () => {
    const parsed = parseSiteText(readFileSync('main/sim/demo-site.yaml', 'utf8'), 'demo-site.yaml');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const crane = parsed.site.equipment.find((e) => e.id === 'sts-crane-1');
    expect(crane?.tags.hoistPosition?.label?.['zh-CN']).toBe('起升高度');
    expect(crane?.tags.twistlockState?.states?.['2']?.en).toBe('Locked');
    expect(crane?.commands.hoistJog?.label?.en).toBe('Hoist');
  });

  it('every tag, state, command and interlock reason of the demo equipment has English and Chinese', () => {
    const parsed = parseSiteText(readFileSync('main/sim/demo-site.yaml', 'utf8'), 'demo-site.yaml');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const missing: string[] = [];
    const both = (where: string, label: { en: string; 'zh-CN'?: string | undefined } | string | undefined) => {
      if (typeof label !== 'object' || !label['zh-CN']) missing.push(where);
    };
    for (const eq of parsed.site.equipment) {
      both(`${eq.id}.label`, eq.label);
      for (const [name, tag] of Object.entries(eq.tags)) {
        both(`${eq.id}.tags.${name}`, tag.label);
        for (const [raw, state] of Object.entries(tag.states ?? {})) both(`${eq.id}.tags.${name}.states.${raw}`, state);
      }
      for (const [name, command] of Object.entries(eq.commands)) both(`${eq.id}.commands.${name}`, command.label);
      for (const interlock of eq.interlocks) both(`${eq.id}.interlocks.${interlock.id}`, interlock.reason);
    }
    expect(missing).toEqual([]);
  });

  it('an interlock reason may be plain text or a label in both languages', () => {
    const withReason = (reason: string) => site('{ address: "holding:0", type: uint16, writable: true }').replace(
      "      setMode: { kind: setpoint, tag: mode, label: { en: Mode } }\n",
      `      setMode: { kind: setpoint, tag: mode, label: { en: Mode } }\n    interlocks:\n      - { id: i1, allowWhen: mode == 1, blocks: [setMode], reason: ${reason} }\n`,
    );
    const plain = parseSiteText(withReason('Local mode'), 's.yaml');
    const labelled = parseSiteText(withReason('{ en: Local mode, zh-CN: 本地模式 }'), 's.yaml');
    expect(plain.ok && plain.site.equipment[0]?.interlocks[0]?.reason).toBe('Local mode');
    expect(labelled.ok && labelled.site.equipment[0]?.interlocks[0]?.reason).toEqual({ en: 'Local mode', 'zh-CN': '本地模式' });
    expect(parseSiteText(withReason('{ zh-CN: 本地模式 }'), 's.yaml').ok).toBe(false);
  });
});
