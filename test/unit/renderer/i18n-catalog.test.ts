/** Both message catalogs carry every key, non-empty, with the same {placeholders}; the check itself is tested on a broken pair. */
import { describe, expect, it } from 'vitest';
import { areaCatalogs, catalogs } from '../../../renderer/i18n/messages';

/** Problems between two catalogs: keys missing on either side, empty texts, placeholders that differ. */
function catalogProblems(a: Record<string, string>, b: Record<string, string>): string[] {
  const problems: string[] = [];
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  for (const key of Object.keys(a)) if (!Object.hasOwn(b, key)) problems.push(`missing in second: ${key}`);
  for (const key of Object.keys(b)) if (!Object.hasOwn(a, key)) problems.push(`missing in first: ${key}`);
  for (const [key, text] of Object.entries(a)) {
    const other = b[key];
    if (text.trim() === '' || other?.trim() === '') problems.push(`empty: ${key}`);
    if (other !== undefined && placeholders(text) !== placeholders(other)) problems.push(`placeholders differ: ${key}`);
  }
  return problems;
}

describe('message catalogs', () => {
  it('en and zh-CN have the same keys, none empty, with the same placeholders', () => {
    expect(catalogProblems(catalogs.en, catalogs['zh-CN'])).toEqual([]);
  });

  it('the check finds a key missing from either catalog and a lost placeholder', () => {
    const en = { a: 'A {n}', b: 'B', c: 'C' };
    const zh = { a: '甲', b: '乙', d: '丁' };
    expect(catalogProblems(en, zh)).toEqual(['missing in second: c', 'missing in first: d', 'placeholders differ: a']);
  });

  it('no key is defined by two catalog areas (a later area would silently win)', () => {
    const seen = new Map<string, number>();
    const clashes: string[] = [];
    areaCatalogs.forEach((area, index) => {
      for (const key of Object.keys(area.en)) {
        if (seen.has(key)) clashes.push(`${key} (areas ${seen.get(key)} and ${index})`);
        seen.set(key, index);
      }
    });
    expect(clashes).toEqual([]);
    expect(Object.keys(catalogs.en).length).toBe(seen.size);
  });
});
