/**
 * The registers the engine writes by itself on a Modbus device (the heartbeat every period, the control owner, the
 * jog block) must not be any other writable tag's, nor each other's: the heartbeat would overwrite a setpoint sharing
 * its register every 100 ms, a setpoint written over the owner register would hand control away. Nor may two
 * equipment on one device write the same register (a unit id left out when a block was copied). Checked across every
 * equipment on the same connection and unit; different bits of one register are different things.
 */
import type { z } from 'zod';
import { parseModbusAddress, registersFor } from './data-types';
import type { PartialSite } from './partial-site';
import type { Tag } from './site-parts';

type Path = (string | number)[];

/** Registers `from`..`to` of a table (or one `bit` of one register), and what writes them. */
interface Span {
  table: string;
  from: number;
  to: number;
  bit?: number | undefined;
  name: string;
  /** One of the engine's own (a jog block): its overlaps across equipment are reported once, as a shared register. */
  control?: true;
}

const overlaps = (a: Span, b: Span) => a.table === b.table && a.from <= b.to && b.from <= a.to && (a.bit === undefined || b.bit === undefined || a.bit === b.bit);
const text = (s: Span) => `${s.table}:${s.from}${s.to > s.from ? `..${s.to}` : ''}${s.bit === undefined ? '' : `.${s.bit}`}`;

/** The span of a Modbus tag, if its address parses (a bad one is reported elsewhere). */
function spanOf(name: string, tag: Pick<Tag, 'address' | 'type' | 'length'>): Span | undefined {
  const parsed = parseModbusAddress(tag.address);
  if ('error' in parsed) return undefined;
  const words = parsed.table === 'coil' || parsed.table === 'discrete' ? 1 : registersFor(tag.type, tag.length);
  return { table: parsed.table, from: parsed.offset, to: parsed.offset + Math.max(1, words) - 1, bit: parsed.bit, name };
}

/** superRefine step of the site: reports every control register another writable tag shares. */
export function checkControlRegisters(site: PartialSite, ctx: z.RefinementCtx): void {
  const protocols = new Map(site.connections.flatMap((c) => (c ? [[c.id, c] as const] : [])));
  /** Writable spans per device (connection and unit), with the equipment each belongs to. */
  const writable = new Map<string, (Span & { equipment: number })[]>();
  const deviceOf = (e: NonNullable<PartialSite['equipment'][number]>) => {
    const connection = protocols.get(e.connection);
    if (!connection || !connection.protocol.startsWith('modbus')) return undefined;
    return `${e.connection}/${e.unitId ?? ('unitId' in connection ? connection.unitId : 1)}`;
  };
  site.equipment.forEach((e, index) => {
    const device = e && deviceOf(e);
    if (!e || !device) return;
    const spans = writable.get(device) ?? [];
    // With a jog block, jogs write the block, never their own tags (safety/jog-writer.ts): those often sit in the block.
    const block = blockSpan(e);
    const jogTags = new Set(block ? Object.values(e.commands).flatMap((c) => (c.kind === 'jog' && c.tag ? [c.tag] : [])) : []);
    const entries: [Path, Span | undefined][] = Object.entries(e.tags).map(([name, tag]) => [['tags', name, 'address'], tag.writable && !jogTags.has(name) ? spanOf(`${e.id}.${name}`, tag) : undefined]);
    if (block) entries.push([['jog', 'block', 'address'], block]);
    for (const [path, span] of entries) {
      if (!span) continue;
      const shared = spans.filter((w) => w.equipment !== index && overlaps(span, w));
      if (shared.length > 0) addIssue(ctx, ['equipment', index, ...path], `${text(span)} is also written as ${list(shared)} on the same device (connection and unit): is a unit id missing?`);
      spans.push({ ...span, equipment: index });
    }
    writable.set(device, spans);
  });
  site.equipment.forEach((e, index) => {
    const device = e && deviceOf(e);
    if (!e || !device) return;
    const controls: { path: Path; what: string; span: Span | undefined; own: string[] }[] = [];
    const tagSpan = (name: string | undefined) => (name !== undefined && Object.hasOwn(e.tags, name) ? spanOf(`${e.id}.${name}`, e.tags[name] as Tag) : undefined);
    const owner = e.controlOwner;
    // The owner register may be the take-over register too (the device tells a take-over by the value written).
    const ownerTags = [owner?.tag, owner?.takeOverTag].flatMap((t) => (t ? [`${e.id}.${t}`] : []));
    controls.push({ path: ['equipment', index, 'heartbeat', 'tag'], what: 'the heartbeat', span: tagSpan(e.heartbeat?.tag), own: [] });
    controls.push({ path: ['equipment', index, 'controlOwner', 'tag'], what: 'the control owner', span: tagSpan(owner?.tag), own: ownerTags });
    if (owner?.takeOverTag !== owner?.tag) controls.push({ path: ['equipment', index, 'controlOwner', 'takeOverTag'], what: 'the take-over', span: tagSpan(owner?.takeOverTag), own: ownerTags });
    controls.push({ path: ['equipment', index, 'jog', 'block', 'address'], what: 'the jog block', span: blockSpan(e), own: [] });
    controls.forEach((control, c) => {
      const { span } = control;
      if (!span) return;
      const others = (writable.get(device) ?? []).filter((w) => w.name !== span.name && !w.control && !control.own.includes(w.name) && overlaps(span, w));
      // Two of the engine's own registers on one: the heartbeat on the owner register, say.
      const earlier = controls.slice(0, c).filter((o) => o.span && !(o.own.length > 0 && control.own.length > 0) && overlaps(span, o.span));
      if (others.length === 0 && earlier.length === 0) return;
      const named = [...earlier.map((o) => `${o.what} (${text(o.span as Span)})`), ...(others.length > 0 ? [list(others)] : [])].join(', ');
      addIssue(ctx, control.path, `${control.what}'s register ${text(span)} is also written as ${named}: the engine writes it by itself, so each would overwrite the other`);
    });
  });
}

/** The registers of an equipment's jog block (console id, sequence, axis, float32 speed: five), if it has one. */
function blockSpan(e: NonNullable<PartialSite['equipment'][number]>): Span | undefined {
  const block = e.jog.block ? parseModbusAddress(e.jog.block.address) : undefined;
  return block && !('error' in block) ? { table: 'holding', from: block.offset, to: block.offset + 4, name: `${e.id} jog block`, control: true } : undefined;
}

function addIssue(ctx: z.RefinementCtx, path: Path, message: string): void {
  ctx.addIssue({ code: 'custom', path, message });
}

function list(spans: readonly Span[]): string {
  return spans.map((w) => `"${w.name}" (${text(w)})`).join(', ');
}
