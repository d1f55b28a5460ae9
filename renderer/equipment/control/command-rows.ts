/**
 * How an equipment's commands are laid out: pulses and methods without an input as buttons; setpoints, and methods
 * that take an input, as a value row whose range and unit come from the setpoint's tag or the method's argument.
 */
import type { EquipmentSummary, LabelSummary } from '../../../shared/contract/requests/core';

type CommandSummary = EquipmentSummary['commands'][number];
type TagSummary = EquipmentSummary['tags'][number];

/** A command entered with a value. */
export interface ValueRow {
  command: CommandSummary;
  unit: string;
  range: readonly [number, number] | undefined;
  states: Record<string, LabelSummary> | undefined;
}

const ROLES = ['viewer', 'operator', 'maintenance', 'admin'];
const roleRank = (role: string | undefined) => ROLES.indexOf(role ?? 'operator');

/** Buttons and value rows of `commands` (the stop excluded by the caller); the operator's own value rows first. */
export function commandRows(commands: readonly CommandSummary[], tags: ReadonlyMap<string, TagSummary>): { buttons: CommandSummary[]; values: ValueRow[] } {
  const takesValue = (c: CommandSummary) => c.kind === 'setpoint' || (c.kind === 'method' && c.argument !== undefined);
  const buttons = commands.filter((c) => (c.kind === 'pulse' || c.kind === 'method') && !takesValue(c));
  const values = commands
    .filter(takesValue)
    .sort((a, b) => roleRank(a.minRole) - roleRank(b.minRole))
    .map((command): ValueRow => {
      if (command.argument) return { command, unit: command.argument.unit ?? '', range: command.argument.range, states: undefined };
      const tag = command.tag ? tags.get(command.tag) : undefined;
      return { command, unit: tag?.unit ?? '', range: tag?.range, states: tag?.states };
    });
  return { buttons, values };
}
