/** Checks across the site file that a field schema cannot see: references, duplicates, address ranges. */
import type { z } from 'zod';
import type { SiteShape } from './site-parts';
import { parseModbusAddress, registersFor } from './data-types';
import { nodeIdProblem } from './node-id';
import { checkSiteExpressions } from './site-expressions';
import { checkValue } from './value-check';
import { checkControlRegisters } from './control-registers';
import { checkRegisterOverlaps } from './register-overlaps';
import { checkSiteMeaning } from './meaning-checks';
import type { PartialEquipment, PartialSite } from './partial-site';

export type { PartialEquipment, PartialSite } from './partial-site';

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

function issue(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

function checkUnique(ctx: Ctx, ids: readonly (string | undefined)[], base: string | Path, what: string): void {
  const seen = new Map<string, number>();
  const path = typeof base === 'string' ? [base] : base;
  ids.forEach((id, index) => {
    if (id === undefined) return;
    const first = seen.get(id);
    if (first !== undefined) issue(ctx, [...path, index, 'id'], `duplicate ${what} id "${id}" (first at ${String(path.at(-1))}[${first}])`);
    else seen.set(id, index);
  });
}

/** Alarm ids the engine gives every equipment itself (alarm-defs.ts): a site alarm of that id would be replaced. */
const BUILT_IN_ALARM_IDS = ['link-lost', 'link-degraded'];

type TagLike = SiteShape['equipment'][number]['tags'][string];

function checkModbusTag(ctx: Ctx, path: Path, tag: TagLike): void {
  const parsed = parseModbusAddress(tag.address);
  if ('error' in parsed) return issue(ctx, [...path, 'address'], parsed.error);
  const isBitTable = parsed.table === 'coil' || parsed.table === 'discrete';
  if (isBitTable && tag.type !== 'bool') return issue(ctx, [...path, 'type'], `${parsed.table} holds bits: type must be bool, not ${tag.type}`);
  if (parsed.bit !== undefined && tag.type !== 'bool') return issue(ctx, [...path, 'type'], 'a bit address needs type bool');
  if (!isBitTable && tag.type === 'bool' && parsed.bit === undefined) {
    return issue(ctx, [...path, 'address'], `bool in a ${parsed.table} register needs a bit index (${tag.address}.0 .. .15)`);
  }
  if (tag.type === 'string' && tag.length === undefined) return issue(ctx, [...path, 'length'], 'string tags need a length');
  const words = isBitTable ? 1 : registersFor(tag.type, tag.length);
  if (parsed.offset + words - 1 > 65535) {
    issue(ctx, [...path, 'address'], `register ${parsed.offset}+${words} runs past 65535`);
  }
  if (tag.writable && (parsed.table === 'input' || parsed.table === 'discrete')) {
    issue(ctx, [...path, 'writable'], `${parsed.table} is read-only in Modbus`);
  }
}

/**
 * The control settings: the stop command, when the equipment has one, is a pulse; with a jog block every jog names
 * its axis and the block's sequence tag exists. (A jog whose tag has no range is refused at run time: its speed
 * limit is a fraction of that range.)
 */
function checkControlSettings(ctx: Ctx, base: Path, equipment: PartialEquipment, needTag: (path: Path, name: string | undefined, writable: boolean) => void): void {
  const commands = Object.entries(equipment.commands);
  const stop = Object.hasOwn(equipment.commands, equipment.stopCommand) ? equipment.commands[equipment.stopCommand] : undefined;
  if (stop && stop.kind !== 'pulse') {
    // "stop" is also the default: then the command itself is where the fix goes.
    const where = equipment.stopCommand === 'stop' ? ['commands', 'stop', 'kind'] : ['stopCommand'];
    issue(ctx, [...base, ...where], `the stop command "${equipment.stopCommand}" must be a pulse, not ${stop.kind}`);
  }
  // "stop" is the default, and an equipment without commands has none; a stop command named otherwise must exist.
  if (!stop && equipment.stopCommand !== 'stop' && !equipment.rawCommandNames?.has(equipment.stopCommand)) {
    issue(ctx, [...base, 'stopCommand'], `unknown command "${equipment.stopCommand}" (the stop button would do nothing)`);
  }
  // Motion on the screen needs the supplementary stop beside it: a jog or motion command on equipment whose stop
  // button would do nothing is refused here, not found out when an operator presses stop.
  const firstMotion = commands.find(([, command]) => command.kind === 'jog' || command.motion === true);
  if (firstMotion && !stop && equipment.stopCommand === 'stop' && !equipment.rawCommandNames?.has('stop')) {
    const what = firstMotion[1].kind === 'jog' ? 'jogs' : 'motion commands';
    issue(ctx, [...base, 'commands', firstMotion[0]], `equipment with ${what} needs a stop command: add a pulse command "stop" (or name another in stopCommand), or the stop button beside the ${firstMotion[1].kind === 'jog' ? 'jog' : 'command'} would do nothing`);
  }
  for (const [name, command] of commands) {
    if (command.kind !== 'jog') continue;
    if (equipment.jog.block && command.axis === undefined) issue(ctx, [...base, 'commands', name, 'axis'], 'with a jog block, every jog names its axis');
  }
  needTag([...base, 'jog', 'block', 'lastSeqTag'], equipment.jog.block?.lastSeqTag, false);
}

/** A pulse writes its value (default true) as the tag's type takes it: checked here, not found out when pressed. */
function checkPulseValue(ctx: Ctx, path: Path, command: PartialEquipment['commands'][string], tag: TagLike | undefined): void {
  if (command.kind !== 'pulse' || !tag) return;
  const value = command.value ?? true;
  const checked = checkValue(tag, value);
  if (!checked.ok) issue(ctx, [...path, command.value === undefined ? 'tag' : 'value'], `the pulse writes ${JSON.stringify(value)}${command.value === undefined ? ' (the default)' : ''} to "${command.tag}" (${tag.type}): ${checked.problem.text}`);
}

/**
 * superRefine body of SiteFile: every cross-reference and protocol-specific address rule. Also run on a partial
 * site when other parts of the file failed, so one pass reports every error in the file.
 */
export function checkSiteReferences(site: PartialSite, ctx: Ctx): void {
  checkUnique(ctx, site.connectionIds ?? site.connections.map((c) => c?.id), 'connections', 'connection');
  checkUnique(ctx, site.equipmentIds ?? site.equipment.map((e) => e?.id), 'equipment', 'equipment');
  checkSiteExpressions(site.equipment, ctx);
  checkControlRegisters(site, ctx);
  checkRegisterOverlaps(site, ctx);
  // Names differing only in case ("Admin", "admin") would be told apart by one character typed at a login prompt.
  const users = new Map<string, string>();
  site.users.forEach((user, index) => {
    if (!user) return;
    const same = users.get(user.name.toLowerCase());
    if (same !== undefined) issue(ctx, ['users', index, 'name'], same === user.name ? `duplicate user "${user.name}"` : `user "${user.name}" differs from "${same}" only in case`);
    users.set(user.name.toLowerCase(), user.name);
  });
  checkSiteMeaning(site, ctx);
  const connections = new Map(site.connections.flatMap((c) => (c ? [[c.id, c] as const] : [])));
  site.equipment.forEach((equipment, e) => {
    if (!equipment) return;
    const base: Path = ['equipment', e];
    const connection = connections.get(equipment.connection);
    const protocol = connection?.protocol ?? site.invalidConnections?.get(equipment.connection);
    if (!connection && !site.invalidConnections?.has(equipment.connection)) {
      const known = [...connections.keys(), ...(site.invalidConnections?.keys() ?? [])];
      issue(ctx, [...base, 'connection'], `unknown connection "${equipment.connection}" (${known.length > 0 ? `known: ${known.join(', ')}` : 'no connection has an id'})`);
    }
    // Unit 0 is Modbus broadcast: nothing answers a read there, so tags on it could never be scanned.
    const unit = equipment.unitId ?? (connection && 'unitId' in connection ? connection.unitId : undefined);
    if (unit === 0 && Object.keys(equipment.tags).length > 0) {
      const from = equipment.unitId === undefined ? ` (inherited from connection "${equipment.connection}")` : '';
      issue(ctx, [...base, 'unitId'], `unit 0${from} is the Modbus broadcast address: no device answers reads on it, so these tags could never be read; use the device's own unit id`);
    }
    for (const [name, tag] of Object.entries(equipment.tags)) {
      const path: Path = [...base, 'tags', name];
      if (!Object.hasOwn(site.scanClasses, tag.scanClass)) { // own names only: `toString` is no scan class
        issue(ctx, [...path, 'scanClass'], `unknown scan class "${tag.scanClass}" (known: ${Object.keys(site.scanClasses).join(', ')})`);
      }
      // The store compares a bool as 0/1: a band of 1 or more would hide every change, while polls kept confirming the
      // old value as fresh.
      if (tag.deadband > 0 && (tag.type === 'bool' || tag.type === 'string')) {
        issue(ctx, [...path, 'deadband'], `deadband applies to numeric tags; a ${tag.type} tag sends every change (remove the deadband)`);
      } else if (tag.range && tag.deadband > 0 && tag.range[0] < tag.range[1] && tag.deadband >= tag.range[1] - tag.range[0]) {
        // Every change inside the range would be held back while polls keep confirming the first value as fresh.
        issue(ctx, [...path, 'deadband'], `deadband ${tag.deadband} spans the whole range [${tag.range[0]}, ${tag.range[1]}]: no change would ever be sent, and the first value would stay on screen as fresh (make it a small part of the range)`);
      }
      if (protocol === 'opcua') {
        const problem = nodeIdProblem(tag.address);
        if (problem) issue(ctx, [...path, 'address'], problem);
      } else if (typeof protocol === 'string' && protocol.startsWith('modbus')) {
        checkModbusTag(ctx, path, tag);
      }
    }
    const tagNames = new Set(Object.keys(equipment.tags));
    const needTag = (path: Path, name: string | undefined, writable: boolean): void => {
      if (name === undefined) return;
      if (!tagNames.has(name)) return equipment.rawTagNames?.has(name) ? undefined : issue(ctx, path, `unknown tag "${name}"`);
      if (writable && !equipment.tags[name]?.writable) issue(ctx, path, `tag "${name}" is not writable`);
    };
    for (const [name, command] of Object.entries(equipment.commands)) {
      const path: Path = [...base, 'commands', name];
      if (command.kind === 'method') {
        if (!command.objectId || !command.methodId) issue(ctx, path, 'a method command needs objectId and methodId');
        if (typeof protocol === 'string' && protocol !== 'opcua') issue(ctx, [...path, 'kind'], `methods are OPC UA; connection "${equipment.connection}" is ${protocol}`);
        for (const key of ['objectId', 'methodId'] as const) {
          const problem = protocol === 'opcua' && command[key] ? nodeIdProblem(command[key]) : undefined;
          if (problem) issue(ctx, [...path, key], problem);
        }
      } else if (command.tag === undefined) issue(ctx, [...path, 'tag'], `a ${command.kind} command needs a tag`);
      if (command.argument && command.kind !== 'method') issue(ctx, [...path, 'argument'], `only a method command takes an argument; a ${command.kind} command's value is its tag's`);
      needTag([...path, 'tag'], command.tag, true);
      checkPulseValue(ctx, path, command, command.tag !== undefined && Object.hasOwn(equipment.tags, command.tag) ? equipment.tags[command.tag] : undefined);
    }
    checkUnique(ctx, equipment.alarms.map((a) => a.id), [...base, 'alarms'], 'alarm');
    checkUnique(ctx, equipment.interlocks.map((i) => i.id), [...base, 'interlocks'], 'interlock');
    equipment.alarms.forEach((alarm, a) => {
      if (BUILT_IN_ALARM_IDS.includes(alarm.id)) issue(ctx, [...base, 'alarms', a, 'id'], `"${alarm.id}" is the engine's own alarm of every equipment; name this one otherwise`);
    });
    equipment.interlocks.forEach((interlock, i) => {
      interlock.blocks.forEach((name, b) => {
        if (!Object.hasOwn(equipment.commands, name) && !equipment.rawCommandNames?.has(name)) issue(ctx, [...base, 'interlocks', i, 'blocks', b], `unknown command "${name}"`);
      });
    });
    equipment.alarms.forEach((alarm, a) => needTag([...base, 'alarms', a, 'tag'], alarm.tag, false));
    equipment.keyTags?.forEach((name, k) => needTag([...base, 'keyTags', k], name, false));
    needTag([...base, 'heartbeat', 'tag'], equipment.heartbeat?.tag, true);
    needTag([...base, 'controlOwner', 'tag'], equipment.controlOwner?.tag, true);
    needTag([...base, 'controlOwner', 'takeOverTag'], equipment.controlOwner?.takeOverTag, true);
    checkControlSettings(ctx, base, equipment, needTag);
  });
}
