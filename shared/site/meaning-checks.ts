/**
 * Checks that a site file means what it says: settings each field's schema accepts, but that together could never
 * work as written — a heartbeat counter scaled on its way to the device (its register would stand still or overflow,
 * and the watchdog trip), a limit alarm that can never fire (a string tag; a bool above 1), an interlock set on the stop (which no
 * interlock ever holds back), a tag named like a word of conditions (a condition would read the word, not the tag), a
 * condition that names no tag (always true or always false), two commands calling one OPC UA method with its input
 * declared otherwise (the server's method has one set of inputs: one of them cannot fit it).
 */
import type { z } from 'zod';
import { expressionTags, KEYWORDS, parseExpression } from './expression';
import type { PartialEquipment, PartialSite } from './partial-site';

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

function issue(ctx: Ctx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

/** Every meaning check of the site's equipment. */
export function checkSiteMeaning(site: PartialSite, ctx: Ctx): void {
  site.equipment.forEach((equipment, e) => {
    if (!equipment) return;
    const base: Path = ['equipment', e];
    checkHeartbeat(ctx, base, equipment);
    checkLimitAlarms(ctx, base, equipment);
    checkInterlocks(ctx, base, equipment);
    checkCommandTargets(ctx, base, equipment);
    for (const name of Object.keys(equipment.tags)) {
      if (KEYWORDS.has(name)) issue(ctx, [...base, 'tags', name], `"${name}" is a word of conditions (and, or, not, true, false): a condition naming it would read the word, not this tag; name the tag otherwise`);
    }
  });
  checkMethodInputs(site, ctx);
}

/** Commands calling one method (same connection, object and method as written) declare its input alike. */
function checkMethodInputs(site: PartialSite, ctx: Ctx): void {
  const first = new Map<string, { name: string; input: string }>();
  site.equipment.forEach((equipment, e) => {
    if (!equipment) return;
    for (const [name, command] of Object.entries(equipment.commands)) {
      if (command.kind !== 'method' || command.objectId === undefined || command.methodId === undefined) continue;
      const key = `${equipment.connection}\u0000${command.objectId.trim()}\u0000${command.methodId.trim()}`;
      const input = command.argument ? `one ${command.argument.type} input` : 'no input';
      const seen = first.get(key);
      if (!seen) first.set(key, { name: `${equipment.id}.${name}`, input });
      else if (seen.input !== input) {
        issue(ctx, ['equipment', e, 'commands', name, command.argument ? 'argument' : 'methodId'], `calls method ${command.methodId} as ${seen.name} does, but declares ${input} where ${seen.name} declares ${seen.input}: the method takes one set of inputs, so one of them cannot fit it`);
      }
    }
  });
}

/** The heartbeat counter goes to the device as it counts: no scale or offset may change it on the way. */
function checkHeartbeat(ctx: Ctx, base: Path, equipment: PartialEquipment): void {
  const name = equipment.heartbeat?.tag;
  const tag = name !== undefined && Object.hasOwn(equipment.tags, name) ? equipment.tags[name] : undefined;
  if (!tag) return; // an unknown heartbeat tag is reported by the reference checks
  const path = [...base, 'heartbeat', 'tag'];
  if (tag.type === 'string') issue(ctx, path, `the heartbeat is a counter: "${name}" is a string tag (use a number or bool)`);
  else if (tag.scale !== 1 || tag.offset !== 0) issue(ctx, path, `the heartbeat counter must reach the device unscaled: "${name}" has scale ${tag.scale} and offset ${tag.offset} (its register would stand still between beats or overflow, and the device's watchdog trip)`);
}

/** `above`/`below` compare numbers: a string tag never has one, a bool only a limit it can cross; `equals` cannot match a string tag's value. */
function checkLimitAlarms(ctx: Ctx, base: Path, equipment: PartialEquipment): void {
  equipment.alarms.forEach((alarm, a) => {
    if (!alarm || alarm.tag === undefined || !Object.hasOwn(equipment.tags, alarm.tag)) return;
    const type = equipment.tags[alarm.tag]?.type;
    const path = [...base, 'alarms', a];
    if (type === 'string') issue(ctx, path, `"${alarm.tag}" is a string tag: a limit alarm never fires on it (use a when condition, e.g. ${alarm.tag} == "FAULT")`);
    // A bool is 0 or 1 to a limit: above 0.5 fires on true, below 0.5 on false; above 1 or below 0 never fires.
    else if (type === 'bool' && ((alarm.above !== undefined && alarm.above >= 1) || (alarm.below !== undefined && alarm.below <= 0))) {
      issue(ctx, path, `"${alarm.tag}" is a bool tag (0 or 1 to a limit): ${alarm.above !== undefined && alarm.above >= 1 ? `above ${alarm.above}` : `below ${alarm.below}`} never fires on it (use equals: true or false)`);
    }
  });
}

/** Interlocks hold back commands, never the stop; and a condition must read at least one tag. */
function checkInterlocks(ctx: Ctx, base: Path, equipment: PartialEquipment): void {
  equipment.interlocks.forEach((interlock, i) => {
    if (!interlock) return;
    interlock.blocks.forEach((command, b) => {
      const known = Object.hasOwn(equipment.commands, command) || equipment.rawCommandNames?.has(command) === true; // else: "unknown command"
      if (known && command === equipment.stopCommand) issue(ctx, [...base, 'interlocks', i, 'blocks', b], `"${command}" is the stop: no interlock ever holds it back, so it cannot be listed here`);
    });
  });
  const conditions: { path: Path; source: string | undefined }[] = [
    // flatMap, not map: the lists are sparse where an entry failed its own shape, and a hole spread is undefined.
    ...equipment.interlocks.flatMap((interlock, i) => [{ path: ['interlocks', i, 'allowWhen'], source: interlock?.allowWhen }]),
    ...equipment.alarms.flatMap((alarm, a) => [
      { path: ['alarms', a, 'when'], source: alarm?.when },
      { path: ['alarms', a, 'suppressWhen'], source: alarm?.suppressWhen },
    ]),
  ];
  for (const { path, source } of conditions) {
    if (source === undefined) continue;
    const parsed = parseExpression(source);
    if (parsed.ok && expressionTags(parsed.expr).length === 0) issue(ctx, [...base, ...path], `"${source}" names no tag: it is always the same, true or false (write a condition on a tag)`);
  }
}

/** The heartbeat and control-owner tags are the engine's own to write: a command on one would fight it. */
function checkCommandTargets(ctx: Ctx, base: Path, equipment: PartialEquipment): void {
  const own = new Map<string, string>();
  if (equipment.heartbeat) own.set(equipment.heartbeat.tag, 'the heartbeat counter');
  if (equipment.controlOwner) {
    own.set(equipment.controlOwner.tag, 'the control owner');
    if (equipment.controlOwner.takeOverTag !== undefined) own.set(equipment.controlOwner.takeOverTag, 'the take-over request');
  }
  for (const [name, command] of Object.entries(equipment.commands)) {
    const tag = command && 'tag' in command ? command.tag : undefined;
    const what = tag === undefined ? undefined : own.get(tag);
    if (what) issue(ctx, [...base, 'commands', name, 'tag'], `"${tag}" is ${what}, which only the engine writes: a command writing it would fight the engine (and could hand control away)`);
  }
}
