/** The catalog lint: a visible string written into a renderer component (JSX text, read attributes) fails lint. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const FILE = 'renderer/app/Bad.tsx';

describe('catalog bypass lint', () => {
  it.each([
    ['English JSX text', 'export const A = () => <p>Hello operator</p>;\n'],
    ['Chinese JSX text', 'export const A = () => <p>起升高度</p>;\n'],
    ['a word next to a unit', 'export const A = ({ v }: { v: number }) => <p>{v} m high</p>;\n'],
    ['a string literal child', "export const A = () => <p>{'Stale'}</p>;\n"],
    ['a string in a fragment', "export const A = () => <>{'Stale'}</>;\n"],
    ['a conditional string child', "export const A = ({ on }: { on: boolean }) => <p>{on ? 'Remote' : 'Local'}</p>;\n"],
    ['a template literal child', 'export const A = ({ n }: { n: number }) => <p>{`${n} tags`}</p>;\n'],
    ['a title', 'export const A = () => <span title="Round trip time">1</span>;\n'],
    ['an aria-label in braces', "export const A = () => <nav aria-label={'Main'} />;\n"],
    ['a placeholder', 'export const A = () => <input placeholder="PIN" />;\n'],
    ['an alt text', 'export const A = () => <img alt="Crane" src="crane.png" />;\n'],
    ['a conditional title', "export const A = ({ s }: { s: boolean }) => <i title={s ? 'stale' : ''} />;\n"],
  ])('refuses %s', async (_what, code) => {
    expect(await ruleIds(FILE, code)).toContain('no-restricted-syntax');
  });

  it.each([
    ['a unit symbol after a number', 'export const A = ({ v }: { v: number }) => <p>{v} m</p>;\n'],
    ['a percentile header', 'export const A = () => <th>p95</th>;\n'],
    ['a temperature unit', 'export const A = ({ v }: { v: number }) => <p>{v} °C</p>;\n'],
  ])('allows %s (language-neutral)', async (_what, code) => {
    expect(await ruleIds(FILE, code)).toEqual([]);
  });

  it('allows catalog texts, numbers, punctuation, units from data and non-visible attributes', async () => {
    const code = [
      "import { useI18n } from '../i18n/i18n';",
      'export function A({ unit, value }: { unit: string; value: number }) {',
      '  const { t } = useI18n();',
      "  return <p className=\"tile value-good\" data-testid=\"tile-crane\" title={t('app.title')} aria-label={t('link.area')}>",
      "    {t('equipment.value')}: {value} {unit} · 12 % — {' '}",
      '  </p>;',
      '}',
      '',
    ].join('\n');
    expect(await ruleIds(FILE, code)).toEqual([]);
  });

  it('keeps the raw-write rule in renderer components', async () => {
    const code = 'export const A = (d: { UNSAFE_write(): void }) => <button type="button" onClick={() => d.UNSAFE_write()} />;\n';
    expect(await ruleIds(FILE, code)).toContain('no-restricted-syntax');
  });
});
