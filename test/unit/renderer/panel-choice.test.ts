/** Panel choice by equipment type, value texts from the site file, interlock refusals in the viewer's language. */
import { describe, expect, it } from 'vitest';
import type { EquipmentSummary } from '../../../shared/contract/requests/core';
import { choosePanel } from '../../../renderer/equipment/panels/choose-panel';
import { keyTags } from '../../../renderer/equipment/panels/generic/key-tags';
import { decimalsFor, formatTagValue } from '../../../renderer/equipment/panels/values/format-value';
import { refusalText } from '../../../renderer/equipment/refusal-text';
import { alarmRefusalText } from '../../../renderer/alarms/alarm-refusal';

const equipment: EquipmentSummary = {
  id: 'c1',
  name: 'Crane',
  type: 'container-crane',
  connectionId: 'plc',
  protocol: 'modbus-tcp',
  keyTags: [],
  tags: [
    { name: 'speedRef', address: 'holding:1', type: 'float32', writable: true, label: { en: 'Speed reference' } },
    { name: 'raw', address: 'input:9', type: 'uint16', writable: false },
    { name: 'position', address: 'input:1', type: 'float32', writable: false, label: { en: 'Position' } },
  ],
  commands: [],
  interlocks: [{ id: 'wind', reason: { en: 'Wind above the trolley limit', 'zh-CN': '风速超过小车限值' } }],
};

describe('choosePanel', () => {
  it('gives each demo equipment type its own panel and anything else the generic one', () => {
    expect(choosePanel('container-crane')).toBe('crane');
    expect(choosePanel('ladle-crane')).toBe('ladle');
    expect(choosePanel('drill-rig')).toBe('rig');
    expect(choosePanel('generic')).toBe('generic');
    expect(choosePanel('conveyor')).toBe('generic');
    expect(choosePanel('toString')).toBe('generic'); // not fooled by inherited names
  });

  it('the generic panel shows labelled read-only values first', () => {
    expect(keyTags(equipment)).toEqual(['position', 'speedRef', 'raw']);
  });
});

describe('formatTagValue', () => {
  const states = { 0: { en: 'Moving', 'zh-CN': '动作中' }, 2: { en: 'Locked', 'zh-CN': '已闭锁' } };
  it('names enum and boolean values from the site file, in the viewer language', () => {
    expect(formatTagValue({ type: 'uint16', states }, 2, 'en')).toBe('Locked');
    expect(formatTagValue({ type: 'uint16', states }, 2, 'zh-CN')).toBe('已闭锁');
    expect(formatTagValue({ type: 'bool', states }, 0, 'zh-CN')).toBe('动作中');
    expect(formatTagValue({ type: 'uint16', states }, 1, 'en')).toBe('1'); // unnamed value: the number
  });

  it('shows temperatures and positions without thousands separators, decimals from the range', () => {
    expect(formatTagValue({ type: 'float32', range: [1000, 1800] }, 1600.04, 'en')).toBe('1600.0');
    expect(formatTagValue({ type: 'float32', range: [0, 400] }, 1250, 'zh-CN')).toBe('1250.0');
    expect(formatTagValue({ type: 'float32', range: [0, 45] }, 20.004, 'en')).toBe('20.00');
    expect(formatTagValue({ type: 'int32' }, 400000, 'en')).toBe('400000');
    expect(decimalsFor({ type: 'float64', range: [0, 2000] })).toBe(0);
    expect(formatTagValue({ type: 'int16', scale: 0.1 }, 25.3, 'en')).toBe('25.3'); // scaled integer: its resolution
    expect(formatTagValue({ type: 'uint16', scale: 0.1 }, 20, 'en')).toBe('20.0');
    expect(decimalsFor({ type: 'uint16', scale: 0.01 })).toBe(2);
    expect(decimalsFor({ type: 'uint16', scale: 10 })).toBe(0);
  });

  it('shows a scaled integer with every decimal its scale has, so each step reads exactly (capped)', () => {
    expect(formatTagValue({ type: 'int16', scale: 0.25 }, 12.25, 'en')).toBe('12.25'); // not "12.3"
    expect(formatTagValue({ type: 'int16', scale: 0.25 }, 12.5, 'zh-CN')).toBe('12.50');
    expect(formatTagValue({ type: 'uint16', scale: 0.125 }, 3.375, 'en')).toBe('3.375');
    expect(formatTagValue({ type: 'uint16', scale: 2.5 }, 12.5, 'en')).toBe('12.5');
    expect(decimalsFor({ type: 'uint16', scale: 0.5 })).toBe(1);
    expect(decimalsFor({ type: 'uint16', scale: 1e-7 })).toBe(4);
    expect(decimalsFor({ type: 'uint16', scale: 1 / 3 })).toBe(4);
  });

  it('keeps exact 64-bit text and strings, and has no text before a value', () => {
    expect(formatTagValue({ type: 'int64' }, 9.2e18, 'en', '9223372036854775807')).toBe('9223372036854775807');
    expect(formatTagValue({ type: 'string' }, 'H-001', 'en')).toBe('H-001');
    expect(formatTagValue({ type: 'float32' }, undefined, 'en')).toBeUndefined();
  });
});

describe('refusalText', () => {
  it('shows an interlock refusal with the site label of its reason, an unknown interlock as the engine sent it', () => {
    expect(refusalText(equipment, 'interlock:wind', 'Wind above the trolley limit', 'zh-CN')).toBe('风速超过小车限值');
    expect(refusalText(equipment, 'interlock:wind', 'Wind above the trolley limit', 'en')).toBe('Wind above the trolley limit');
    expect(refusalText(equipment, 'interlock:other', 'Engine text', 'zh-CN')).toBe('Engine text');
    expect(refusalText(equipment, 'not-owner', 'Take control first', 'zh-CN')).toBe('请先获取控制权');
    expect(refusalText(undefined, 'interlock:wind', 'Engine text', 'zh-CN')).toBe('Engine text');
  });

  it("words the engine's known refusal codes in Chinese, filling values; English keeps the engine text", () => {
    expect(refusalText(equipment, 'not-remote', 'The equipment is in local mode', 'zh-CN')).toBe('设备处于本地模式');
    expect(refusalText(equipment, 'not-remote', 'The equipment is in local mode', 'en')).toBe('The equipment is in local mode');
    expect(refusalText(equipment, 'role-too-low', 'Needs the maintenance role (you are operator)', 'zh-CN', { role: 'operator', needs: 'maintenance' })).toBe('需要维护人员角色（您是操作员）');
    // Without the values its text needs, the engine's words stay.
    expect(refusalText(equipment, 'owned-by-other', 'Another console is jogging this axis', 'zh-CN')).toBe('Another console is jogging this axis');
    expect(refusalText(equipment, 'some-new-code', 'New engine text', 'zh-CN')).toBe('New engine text');
  });

  it('words an interlock that could not be checked with its reason and the inputs that were not fresh, by their labels', () => {
    const engine = 'Cannot check "Wind above the trolley limit": no fresh value of windHigh';
    const windHigh = { name: 'windHigh', address: 'input:0.11', type: 'bool', writable: false, label: { en: 'Wind above trolley limit', 'zh-CN': '风速超小车限值' } };
    const crane = { ...equipment, tags: [...equipment.tags, windHigh] };
    expect(refusalText(crane, 'interlock-unknown:wind', engine, 'zh-CN', { inputs: 'windHigh' })).toBe('无法检查“风速超过小车限值”：风速超小车限值 没有最新值');
    expect(refusalText(crane, 'interlock-unknown:wind', engine, 'en', { inputs: 'windHigh' })).toBe('Cannot check “Wind above the trolley limit”: no fresh value of Wind above trolley limit');
    // Inputs without a label, or on another equipment, as the site file names them.
    expect(refusalText(equipment, 'interlock-unknown:wind', engine, 'en', { inputs: 'raw, sensors.blocked' })).toBe('Cannot check “Wind above the trolley limit”: no fresh value of raw, sensors.blocked');
    expect(refusalText(equipment, 'interlock-unknown:wind', engine, 'zh-CN')).toBe(engine); // no inputs named: the engine's words
    expect(refusalText(equipment, 'interlock-unknown:other', engine, 'zh-CN', { inputs: 'windHigh' })).toBe(engine);
  });
});

describe('alarmRefusalText', () => {
  it('words alarm refusals by code in Chinese, shared codes through the panel catalog; English keeps the engine text', () => {
    const refusal = (code: string, text: string, values?: Record<string, string>) => ({ status: 'refused' as const, stage: 'state' as const, code, text, ...(values ? { values } : {}) });
    expect(alarmRefusalText(refusal('already-acknowledged', 'The alarm is already acknowledged'), 'zh-CN')).toBe('该报警已被确认');
    expect(alarmRefusalText(refusal('state-changed', 'The alarm changed (now ack-active)'), 'zh-CN')).toBe('记录期间报警状态已变化，未执行任何操作：请重新查看');
    expect(alarmRefusalText(refusal('state-changed', 'The alarm changed (now ack-active)'), 'en')).toBe('The alarm changed (now ack-active)');
    expect(alarmRefusalText(refusal('role-too-low', 'Needs the operator role (you are viewer)', { role: 'viewer', needs: 'operator' }), 'zh-CN')).toBe('需要操作员角色（您是观察员）');
    expect(alarmRefusalText(refusal('brand-new', 'Engine words'), 'zh-CN')).toBe('Engine words');
    expect(alarmRefusalText({ status: 'timeout', text: 'No answer', latencyMs: 5 }, 'zh-CN')).toBe('No answer');
  });
});
