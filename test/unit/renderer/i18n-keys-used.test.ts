/** Every catalog key is used by the renderer: written out literally, or under a prefix the code builds keys from (listed here). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../../renderer/i18n/messages';

/** Key groups the code builds from engine or site values (`t(\`alarms.state.${state}\`)`), each by its prefix. */
const DYNAMIC_PREFIXES = [
  'alarms.priority.', 'alarms.state.', 'alarms.msg.', 'alarms.tab.', 'alarms.refusal.', 'alarms.hist.recent.',
  'audit.filter.', 'audit.kind.', 'audit.result.', 'audit.word.', 'audit.chain.kind.',
  'nav.', 'login.error.', 'role.', 'state.', 'reason.', 'type.',
  'linkui.quality.', 'linkui.reason.', 'linkui.profile.',
  'panel.quality.', 'panel.reason.', 'panel.refusal.', 'panel.type.',
  'trends.span.',
  'fleet.link.', 'fleet.linkWhy.', 'fleet.alarms.',
  'input.help.group.', 'input.type.', 'input.pad.reason.',
];
/** Single keys built from a value under a prefix too broad to allow whole (`link.${engineState}`). */
const DYNAMIC_KEYS = ['link.connecting', 'link.connected', 'input.header.padOn', 'input.header.padJogging'];

/** The renderer's source text, catalogs excluded. */
function rendererSources(dir = 'renderer'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === join('renderer', 'i18n', 'areas') ? [] : rendererSources(path);
    return /\.tsx?$/.test(entry.name) ? [readFileSync(path, 'utf8')] : [];
  });
}

/** Keys written nowhere in `source` as a quoted literal and not under one of `prefixes` (each used as `prefix${…}`). */
function unusedKeys(keys: readonly string[], source: string, prefixes: readonly string[], dynamicKeys: readonly string[]): string[] {
  const built = prefixes.filter((prefix) => source.includes(`\`${prefix}\${`));
  return keys.filter((key) => !dynamicKeys.includes(key) && !built.some((p) => key.startsWith(p)) && !["'", '"', '`'].some((q) => source.includes(`${q}${key}${q}`)));
}

describe('catalog keys in use', () => {
  const source = rendererSources().join('\n');

  it('every key of the catalog is referenced somewhere in renderer/', () => {
    expect(unusedKeys(Object.keys(catalogs.en), source, DYNAMIC_PREFIXES, DYNAMIC_KEYS)).toEqual([]);
  });

  it('every listed prefix is still used to build keys (a stale entry would hide unused keys)', () => {
    expect(DYNAMIC_PREFIXES.filter((prefix) => !source.includes(`\`${prefix}\${`))).toEqual([]);
    expect(source).toContain('`link.${');
  });

  it('the check finds a key that is only defined, and accepts literal and prefix-built ones', () => {
    const code = "t('a.used'); t(`b.${kind}`); t(\"c.dq\");";
    expect(unusedKeys(['a.used', 'a.unused', 'b.one', 'c.dq', 'd.only', 'e.x'], code, ['b.', 'd.'], ['e.x'])).toEqual(['a.unused', 'd.only']);
    expect(unusedKeys(['a.usedLonger'], code, [], [])).toEqual(['a.usedLonger']); // a longer key sharing a prefix is not "used"
  });
});
