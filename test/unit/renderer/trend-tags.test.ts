/** Trendable tags (numeric only) with site labels, search, one chart per unit, and the export file name. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EquipmentSummary } from '../../../shared/contract/requests/core';
import { exportFileName, exportPages } from '../../../renderer/trends/trend-export';
import { countTrendable, fullScale, groupByUnit, minimumSpan, searchTags, staleAfterBySignal, trendTags, unrecordedKeys } from '../../../renderer/trends/trend-tags';
import { formatInterval } from '../../../renderer/trends/trend-format';
import { catalogs, type Locale, type MessageKey } from '../../../renderer/i18n/messages';

/** A message of `locale` with its {params} filled (the catalog as the page reads it). */
const translate = (key: MessageKey, params: Record<string, string>, locale: Locale) => catalogs[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');

const tag = (name: string, type: string, unit?: string, zh?: string) => ({ name, address: 'input:0', type, writable: false, ...(unit ? { unit } : {}), ...(zh ? { label: { en: name.toUpperCase(), 'zh-CN': zh } } : {}) });
const crane: EquipmentSummary = {
  id: 'crane', name: 'Crane', label: { en: 'STS crane', 'zh-CN': '岸桥' }, type: 'container-crane', connectionId: 'c', protocol: 'modbus', commands: [], keyTags: [],
  tags: [tag('hoist', 'float32', 'm', '起升'), tag('trolley', 'float32', 'm'), tag('wind', 'float32', 'm/s'), tag('locked', 'bool'), tag('code', 'string'), tag('count', 'uint32'), tag('unsignalled', 'int16')],
};
const ids = new Map([['crane/hoist', 1], ['crane/trolley', 2], ['crane/wind', 3], ['crane/locked', 4], ['crane/code', 5], ['crane/count', 6]]);

describe('trend tags', () => {
  it('offers numeric tags with a signal, labelled in the chosen language', () => {
    const tags = trendTags([crane], ids, 'zh-CN');
    expect(tags.map((t) => t.tag)).toEqual(['hoist', 'trolley', 'wind', 'count']);
    expect(tags[0]).toMatchObject({ key: 'crane/hoist', equipment: '岸桥', label: '起升', unit: 'm', signalId: 1 });
    expect(tags[1]!.label).toBe('trolley'); // no site label: the tag name
  });

  it('gives each signal its tag\'s staleness threshold, where the engine sent one', () => {
    const site: EquipmentSummary = { ...crane, tags: crane.tags.map((t) => (t.name === 'hoist' ? { ...t, staleAfterMs: 1200 } : t.name === 'wind' ? { ...t, staleAfterMs: 3000 } : t)) };
    expect([...staleAfterBySignal([site], ids)]).toEqual([
      [1, 1200],
      [3, 3000],
    ]);
  });

  it('leaves out tags the site keeps no history of, and says how often a paced one is kept', () => {
    const site: EquipmentSummary = { ...crane, tags: crane.tags.map((t) => (t.name === 'wind' ? { ...t, history: false as const } : t.name === 'trolley' ? { ...t, history: { minIntervalMs: 5000 } } : t)) };
    const tags = trendTags([site], ids, 'en');
    expect(tags.map((t) => t.tag)).toEqual(['hoist', 'trolley', 'count']);
    expect(tags.map((t) => t.historyEveryMs)).toEqual([undefined, 5000, undefined]);
    // A bookmark naming the unrecorded tag is told apart from one naming a tag the site does not have.
    expect(unrecordedKeys([site], ['crane/wind', 'crane/gone', 'other/wind', 'crane/hoist'])).toEqual(['crane/wind']);
    // Nor do such tags count toward the most a trend takes.
    expect(countTrendable(tags, ['crane/wind', 'crane/gone', 'crane/hoist', 'crane/trolley'])).toBe(2);
  });

  it('says a paced tag\'s interval in the reader\'s units, fractions of a second included', () => {
    const en = (ms: number) => formatInterval(ms, 'en', (key, params) => translate(key, params, 'en'));
    expect([500, 1000, 5000, 90_000, 300_000, 3_600_000].map(en)).toEqual(['0.5 s', '1 s', '5 s', '90 s', '5 min', '60 min']);
    const zhPaced = translate('trends.paced', { every: formatInterval(250, 'zh-CN', (key, params) => translate(key, params, 'zh-CN')) }, 'zh-CN');
    expect(zhPaced).toBe('每 0.25 秒 1 个样本');
    // The chart legend's note, with the language's own brackets.
    expect(translate('trends.legendPaced', { name: '岸桥 1 · 心跳', paced: zhPaced }, 'zh-CN')).toBe('岸桥 1 · 心跳（每 0.25 秒 1 个样本）');
    expect(translate('trends.legendPaced', { name: 'Crane · Heartbeat', paced: '1 sample / 5 s' }, 'en')).toBe('Crane · Heartbeat (1 sample / 5 s)');
  });

  it('finds tags by every word of the query across label, name, equipment and unit', () => {
    const tags = trendTags([crane], ids, 'en');
    expect(searchTags(tags, 'sts m/s').map((t) => t.tag)).toEqual(['wind']);
    expect(searchTags(tags, '  HOIST ').map((t) => t.tag)).toEqual(['hoist']);
    expect(searchTags(tags, '')).toHaveLength(4);
  });

  it('puts tags of one unit on one chart, never two units on one axis', () => {
    const tags = trendTags([crane], ids, 'en');
    expect(groupByUnit([tags[2]!, tags[0]!, tags[3]!, tags[1]!]).map((g) => [g.unit, g.tags.map((t) => t.tag)])).toEqual([
      ['m/s', ['wind']],
      ['m', ['hoist', 'trolley']],
      ['', ['count']],
    ]);
  });

  it('names an export by equipment, tags and UTC range', () => {
    const range = { from: Date.UTC(2026, 10, 25, 21, 0, 0), to: Date.UTC(2026, 10, 25, 21, 5, 0) };
    expect(exportFileName([{ equipmentId: 'sts-crane-1', tag: 'hoistPosition' }], range)).toBe('sts-crane-1_hoistPosition_20261125T210000Z_20261125T210500Z.csv');
    expect(exportFileName([{ equipmentId: 'a', tag: 'x' }, { equipmentId: 'b', tag: 'y' }], range)).toBe('a.x+b.y_20261125T210000Z_20261125T210500Z.csv');
    const many = ['p', 'q', 'r', 's'].map((t) => ({ equipmentId: 'crane 1', tag: t }));
    expect(exportFileName(many, range)).toBe('crane-1_4-tags_20261125T210000Z_20261125T210500Z.csv');
  });
});

describe('exportPages', () => {
  const header = 'time,signal\r\n';
  /** An engine holding `total` rows, answering pages of `size` after a cursor (the row number here). */
  const engine = (total: number, size: number) => {
    const asked: (number | undefined)[] = [];
    const page = (after: { t: number; signalId: number } | undefined) => {
      asked.push(after?.t);
      const start = after ? after.t + 1 : 0;
      const rows = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => `${start + i},0\r\n`);
      const truncated = start + rows.length < total;
      return Promise.resolve({ csv: header + rows.join(''), rows: rows.length, truncated, ...(truncated ? { next: { t: start + rows.length - 1, signalId: 0 } } : {}) });
    };
    return { page, asked };
  };

  it('joins the pages under one header, each asked after the last row of the one before', async () => {
    const { page, asked } = engine(10, 4);
    const out = await exportPages(page, 100);
    expect(out).toEqual({ csv: header + Array.from({ length: 10 }, (_, i) => `${i},0\r\n`).join(''), rows: 10, truncated: false });
    expect(asked).toEqual([undefined, 3, 7]);
  });

  it('stops at the cap, flagged truncated, and takes a single page as it is', async () => {
    expect(await exportPages(engine(10, 4).page, 6)).toMatchObject({ rows: 8, truncated: true });
    expect(await exportPages(engine(3, 4).page, 6)).toEqual({ csv: `${header}0,0\r\n1,0\r\n2,0\r\n`, rows: 3, truncated: false });
    expect(await exportPages(engine(0, 4).page, 6)).toEqual({ csv: header, rows: 0, truncated: false });
  });
});

describe('the y axis of a trend', () => {
  const tag = (range?: [number, number]) => ({ key: 'l/hookLoad', equipmentId: 'l', equipment: 'L', tag: 'hookLoad', label: 'Hook load', unit: 't', signalId: 1, labelled: true, ...(range ? { range } : {}) });
  it('spans at least 2 % of the widest full scale among its tags, so noise on a steady value stays a wiggle', async () => {
    expect(minimumSpan([tag([0, 250])])).toBe(5);
    expect(minimumSpan([tag([0, 250]), tag([1000, 1800])])).toBe(16);
    expect(minimumSpan([tag()])).toBe(0);
    const { yRange } = (await import(fileURLToPath(new URL('../../../renderer/trends/TrendChart.tsx', import.meta.url)))) as { yRange(min: number | null, max: number | null, minSpan?: number, fullScale?: readonly [number, number]): [number, number] };
    const [low, high] = yRange(180.0, 180.4, 5); // ±0.2 t of noise on 180 t
    expect(high - low).toBeCloseTo(5);
    expect((low + high) / 2).toBeCloseTo(180.2);
    const [wideLow, wideHigh] = yRange(0, 200, 5); // a real move keeps its 10 % margins
    expect([wideLow, wideHigh]).toEqual([-20, 220]);
    // No data yet: the tags' full scale, not a meaningless 0 to 1.
    expect(fullScale([tag([0, 250]), tag([1000, 1800]), tag()])).toEqual([0, 1800]);
    expect(fullScale([tag()])).toBeUndefined();
    expect(yRange(null, null, 5, [0, 250])).toEqual([0, 250]);
    expect(yRange(null, null)).toEqual([0, 1]);
  });
});
