/**
 * Two register tags of one equipment that share some registers but not all (a float32 at holding:14..15 and a uint16
 * at holding:15): one register read as parts of two different values, which is almost always a wrong address or
 * type, and a write to either changes the other. Tags on exactly the same registers (two views of one value) and
 * bit tags (`holding:10.3`, parts of a word by design) are left alone.
 */
import type { z } from 'zod';
import { parseModbusAddress, registersFor } from './data-types';
import type { PartialSite } from './partial-site';

interface WordSpan {
  name: string;
  table: string;
  from: number;
  to: number;
}

const text = (s: WordSpan) => `${s.table}:${s.from}${s.to > s.from ? `..${s.to}` : ''}`;

/** superRefine step of the site: reports each register tag that overlaps an earlier one of its equipment in part. */
export function checkRegisterOverlaps(site: PartialSite, ctx: z.RefinementCtx): void {
  const modbus = new Set(site.connections.flatMap((c) => (c && c.protocol.startsWith('modbus') ? [c.id] : [])));
  site.equipment.forEach((e, index) => {
    if (!e || !modbus.has(e.connection)) return;
    const spans: WordSpan[] = [];
    for (const [name, tag] of Object.entries(e.tags)) {
      const parsed = parseModbusAddress(tag.address);
      if ('error' in parsed || parsed.bit !== undefined || (parsed.table !== 'holding' && parsed.table !== 'input')) continue;
      spans.push({ name, table: parsed.table, from: parsed.offset, to: parsed.offset + Math.max(1, registersFor(tag.type, tag.length)) - 1 });
    }
    spans.sort((a, b) => a.table.localeCompare(b.table) || a.from - b.from || a.to - b.to);
    // A sweep: `open` holds the spans of this table still reaching the current start.
    let open: WordSpan[] = [];
    for (const span of spans) {
      open = open.filter((o) => o.table === span.table && o.to >= span.from);
      const partly = open.filter((o) => !(o.from === span.from && o.to === span.to));
      if (partly.length > 0) {
        const others = partly.map((o) => `"${o.name}" (${text(o)})`).join(', ');
        ctx.addIssue({ code: 'custom', path: ['equipment', index, 'tags', span.name, 'address'], message: `${text(span)} overlaps ${others} in part: one register would be read as parts of two values (a wrong address or type?)` });
      }
      open.push(span);
    }
  });
}
