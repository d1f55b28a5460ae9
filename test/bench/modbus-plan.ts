/**
 * Scan planning on a 2,000-tag scattered map: requests per scan cycle from the engine's planner against the
 * optimum computed independently here (dynamic programming over the sorted tags, same spec limits), with the
 * site's gap limit and with gaps unlimited. Prints a table; writes test/.artifacts/bench/modbus-plan.json.
 * Run: npx tsx test/bench/modbus-plan.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planReads, type PlanItem } from '../../main/engine/drivers/modbus/planner';
import { readLimit } from '../../main/engine/drivers/modbus/limits';

const OUT = fileURLToPath(new URL('../.artifacts/bench/modbus-plan.json', import.meta.url));
const TAGS = 2000;

/** A deterministic scattered map: clusters of tags with random gaps, mixed widths, holding/input/coils, 2 units. */
function scatteredMap(seed = 42): PlanItem[] {
  let state = seed;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const items: PlanItem[] = [];
  const next = new Map<string, number>();
  let scanClass = 'fast';
  for (let id = 0; id < TAGS; id++) {
    const table = random() < 0.6 ? 'holding' : random() < 0.7 ? 'input' : 'coil';
    const unitId = random() < 0.8 ? 1 : 2;
    const key = `${unitId}/${table}`;
    const gap = random() < 0.7 ? Math.floor(random() * 4) : Math.floor(random() * 400); // mostly near neighbours, some far
    const width = table === 'coil' ? 1 : [1, 2, 2, 4][Math.floor(random() * 4)]!;
    const start = (next.get(key) ?? 0) + gap;
    next.set(key, start + width);
    if (random() < 0.05) scanClass = scanClass === 'fast' ? 'normal' : 'fast'; // scan classes come in runs, as sites are drawn up
    items.push({ id, unitId, table, start, width, scanClass });
  }
  return items;
}

/** The fewest requests covering `items` (one group, sorted) when a request spans ≤ limit and bridges gaps ≤ maxGap. */
function optimum(sorted: readonly PlanItem[], limit: number, maxGap: number): number {
  const best = new Array<number>(sorted.length + 1).fill(Number.POSITIVE_INFINITY);
  best[0] = 0;
  for (let end = 1; end <= sorted.length; end++) {
    let reach = (sorted[end - 1] as PlanItem).start + (sorted[end - 1] as PlanItem).width;
    for (let begin = end; begin >= 1; begin--) {
      const item = sorted[begin - 1] as PlanItem;
      if (begin < end && (sorted[begin] as PlanItem).start - (item.start + item.width) > maxGap) break;
      reach = Math.max(reach, item.start + item.width);
      if (reach - item.start > limit) break;
      best[end] = Math.min(best[end] as number, (best[begin - 1] as number) + 1);
    }
  }
  return best[sorted.length] as number;
}

function optimumAll(items: readonly PlanItem[], maxGap: number): number {
  const groups = new Map<string, PlanItem[]>();
  for (const item of items) groups.set(`${item.scanClass}/${item.unitId}/${item.table}`, [...(groups.get(`${item.scanClass}/${item.unitId}/${item.table}`) ?? []), item]);
  let total = 0;
  for (const group of groups.values()) total += optimum([...group].sort((a, b) => a.start - b.start), readLimit((group[0] as PlanItem).table), maxGap);
  return total;
}

/** Runs the comparison and reports. */
export function runModbusPlan(): Record<string, number | string>[] {
  const items = scatteredMap();
  const rows = [8, 32, 100].map((maxGap) => {
    const started = performance.now();
    const planned = planReads(items, { maxGap }).length;
    const planMs = Math.round((performance.now() - started) * 100) / 100;
    const best = optimumAll(items, maxGap);
    return { tags: TAGS, maxGap, plannerRequestsPerCycle: planned, optimum: best, ratio: Math.round((planned / best) * 1000) / 1000, naiveOnePerTag: TAGS, planMs };
  });
  console.log('\nModbus scan planning, 2,000-tag scattered map (requests per cycle, both scan classes)');
  console.table(rows);
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify({ at: new Date().toISOString(), rows }, null, 2));
  console.log(`wrote ${OUT}`);
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) runModbusPlan();
