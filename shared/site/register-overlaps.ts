/**
 * Register tags of one equipment that share some registers but not all. Two kinds:
 * - straddling (a float32 at holding:10..11 and another at holding:11..12): neither holds the other, so no reading of
 *   the device's map makes both right; always a wrong address or type;
 * - one inside the other (a uint16 at holding:15 inside a float32 at holding:14..15): a deliberate view as often as a
 *   mistake (a uint32 and its high and low words, a string and its first word), so it is refused only when either tag
 *   is writable: a write to one would silently change the other.
 * Tags on exactly the same registers (two views of one value) and bit tags (`holding:10.3`) are left alone.
 */
import type { z } from 'zod';
import { parseModbusAddress, registersFor } from './data-types';
import type { PartialSite } from './partial-site';

interface WordSpan {
  name: string;
  table: string;
  from: number;
  to: number;
  writable: boolean;
}

const text = (s: WordSpan) => `${s.table}:${s.from}${s.to > s.from ? `..${s.to}` : ''}`;
const inside = (a: WordSpan, b: WordSpan) => a.from >= b.from && a.to <= b.to;

/** Why `a` and `b` (overlapping, not identical) may not both be, or undefined when they may. */
function conflict(a: WordSpan, b: WordSpan): string | undefined {
  if (!inside(a, b) && !inside(b, a)) return 'straddle';
  return a.writable || b.writable ? 'write' : undefined;
}

/** superRefine step of the site: reports each register tag that overlaps another of its equipment in part. */
export function checkRegisterOverlaps(site: PartialSite, ctx: z.RefinementCtx): void {
  const modbus = new Set(site.connections.flatMap((c) => (c && c.protocol.startsWith('modbus') ? [c.id] : [])));
  site.equipment.forEach((e, index) => {
    if (!e || !modbus.has(e.connection)) return;
    const spans: WordSpan[] = [];
    for (const [name, tag] of Object.entries(e.tags)) {
      const parsed = parseModbusAddress(tag.address);
      if ('error' in parsed || parsed.bit !== undefined || (parsed.table !== 'holding' && parsed.table !== 'input')) continue;
      spans.push({ name, table: parsed.table, from: parsed.offset, to: parsed.offset + Math.max(1, registersFor(tag.type, tag.length)) - 1, writable: tag.writable === true });
    }
    spans.sort((a, b) => a.table.localeCompare(b.table) || a.from - b.from || b.to - a.to);
    // A sweep in address order: `open` holds the spans of this table still reaching the current start.
    let open: WordSpan[] = [];
    for (const span of spans) {
      open = open.filter((o) => o.table === span.table && o.to >= span.from);
      const clashes = open.filter((o) => !(o.from === span.from && o.to === span.to) && conflict(span, o) !== undefined);
      for (const other of clashes) {
        const why =
          conflict(span, other) === 'straddle'
            ? 'neither holds the other, so one of the two addresses or types is wrong'
            : `"${span.writable ? span.name : other.name}" is writable: a write to it would change the other`;
        ctx.addIssue({ code: 'custom', path: ['equipment', index, 'tags', span.name, 'address'], message: `${text(span)} overlaps "${other.name}" (${text(other)}) in part: ${why}` });
      }
      open.push(span);
    }
  });
}
