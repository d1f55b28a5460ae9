/** An equipment's commands on its panel: a method that takes an input is entered like a setpoint, with its argument's range and unit. */
import { expect, it } from 'vitest';
import type { EquipmentSummary } from '../../../shared/contract/requests/core';
import { commandRows } from '../../../renderer/equipment/control/command-rows';

type Command = EquipmentSummary['commands'][number];
const command = (name: string, kind: string, extra: Partial<Command> = {}): Command => ({ name, kind, motion: false, confirm: false, ...extra });

it('lays out buttons and value rows, the operator’s own value rows first', () => {
  const tags = new Map([['feedSetpoint', { name: 'feedSetpoint', type: 'float64', unit: 'kN', range: [0, 150] as [number, number] } as EquipmentSummary['tags'][number]]]);
  const { buttons, values } = commandRows(
    [
      command('startEngine', 'method', { confirm: true }),
      command('setRotationCall', 'method', { argument: { type: 'float64', range: [0, 200], unit: 'rpm' }, minRole: 'maintenance' }),
      command('setFeed', 'setpoint', { tag: 'feedSetpoint' }),
      command('reset', 'pulse', { tag: 'resetCoil' }),
      command('hoistJog', 'jog', { tag: 'hoistSpeed' }),
    ],
    tags,
  );
  expect(buttons.map((c) => c.name)).toEqual(['startEngine', 'reset']);
  expect(values.map(({ command: c, unit, range }) => [c.name, unit, range])).toEqual([
    ['setFeed', 'kN', [0, 150]],
    ['setRotationCall', 'rpm', [0, 200]],
  ]);
});
