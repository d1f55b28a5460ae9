/**
 * Hostile site files: each is refused with one clear message, in linear time and bounded memory. No timing is
 * asserted (the machine is shared); each case must finish well inside the test timeout, and the measured figures
 * are printed by test/bench/site-loader.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSiteFile } from '../../../main/engine/config/load-site';
import { formatSiteErrors, PRINTED_ERROR_LIMIT } from '../../../shared/site/parse';
import { MAX_SITE_FILE_BYTES, MAX_SITE_SEPARATORS } from '../../../shared/site/site-text';
import { SITE_LIMITS } from '../../../shared/site/size-limits';
import { duplicateKeysSite, manyErrorsSite } from './pathological-sites';

const dir = mkdtempSync(join(tmpdir(), 'site-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Loads `path` and checks the heap growth stays bounded (the 4 MiB cap bounds it; before, a file could take 1.9 GB). */
async function loadBounded(path: string) {
  const before = process.memoryUsage().heapUsed;
  const result = await loadSiteFile(path);
  const grown = process.memoryUsage().heapUsed - before;
  expect(grown).toBeLessThan(1024 * 1024 * 1024);
  return result;
}

async function refusedWith(path: string): Promise<string[]> {
  const result = await loadBounded(path);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors.map((e) => `${e.line}:${e.col} ${e.path}: ${e.message}`);
}

describe('site loader limits', () => {
  it.each([8_000, 100_000])('%i duplicate keys are each reported once, in linear time', async (count) => {
    const errors = await refusedWith(file(`dup-${count}.yaml`, duplicateKeysSite(count)));
    expect(errors.filter((e) => e.includes('duplicate name "hoistSpeed"'))).toHaveLength(count);
    // The last of the repeated values wins and is not a tag: one schema error besides the duplicates.
    expect(errors[0]).toMatch(/^14:19 equipment\[0\]\.tags\.hoistSpeed: .*expected object/);
    expect(errors[1]).toMatch(/^15:7 equipment\[0\]\.tags\.hoistSpeed: duplicate name "hoistSpeed"/);
    expect(errors).toHaveLength(count + 1);
  }, 60_000);

  it('refuses a file above the size cap before reading it (a 50 MB scalar)', async () => {
    const path = file('huge-scalar.yaml', `site:\n  name: "${'x'.repeat(50 * 1024 * 1024)}"\n`);
    expect(await refusedWith(path)).toEqual([expect.stringMatching(/^1:1 \(file\): file too large \(\d+ bytes; the limit is 4194304 bytes\)$/)]);
  }, 30_000);

  it('parses a scalar just under the cap', async () => {
    const path = file('big-scalar.yaml', `site:\n  name: "${'x'.repeat(MAX_SITE_FILE_BYTES - 100)}"\n`);
    const errors = await refusedWith(path);
    expect(errors.some((e) => e.includes('connections: required field missing'))).toBe(true);
  }, 60_000);

  it.each([
    ['/dev/zero', /^1:1 \(file\): is a device; a site file must be a regular file$/],
    [tmpdir(), /^1:1 \(file\): is a directory; a site file must be a regular file$/],
  ])('refuses %s with one line', async (path, message) => {
    expect(await refusedWith(path)).toEqual([expect.stringMatching(message)]);
  });

  it('refuses a FIFO without waiting for a writer', async () => {
    const path = join(dir, 'site.fifo');
    execFileSync('mkfifo', [path]);
    expect(await refusedWith(path)).toEqual(['1:1 (file): is a FIFO (named pipe); a site file must be a regular file']);
  });

  it('refuses invalid UTF-8 with the line and column of the first bad byte', async () => {
    // "Kräne " is valid (ä is two bytes); then 0xc3 starts a sequence that "(" does not continue.
    const bytes = Buffer.concat([Buffer.from('site:\n  name: Kräne '), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
    expect(await refusedWith(file('latin1.yaml', bytes))).toEqual([
      expect.stringMatching(/^2:15 \(file\): not valid UTF-8 \(byte 0xc3 at byte offset 21\)/),
    ]);
  });

  it('refuses 200,000 bad tags with one message, before parsing: too many YAML entries', async () => {
    const errors = await refusedWith(file('many-errors.yaml', manyErrorsSite(200_000)));
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^1:1 \\(file\\): too many YAML entries \\(\\d+ separators .*the limit is ${MAX_SITE_SEPARATORS}\\)$`))]);
  }, 60_000);

  it('refuses two million tiny flow items in 4 MiB with one message, before parsing', async () => {
    const errors = await refusedWith(file('flow.yaml', `site:\n  name: x\nusers: [${'1,'.repeat(1_999_999)}1]\n`));
    expect(errors).toEqual([expect.stringContaining('(file): too many YAML entries (2000006 separators')]);
  }, 60_000);

  it('refuses more tags in one equipment than its limit with one message', async () => {
    const errors = await refusedWith(file('many-tags-one.yaml', manyErrorsSite(SITE_LIMITS.tagsPerEquipment * 2)));
    expect(errors).toEqual([`14:7 equipment[0].tags: ${SITE_LIMITS.tagsPerEquipment * 2} tags in one equipment; the limit is ${SITE_LIMITS.tagsPerEquipment}`]);
  }, 60_000);

  it('refuses more tags in the site than its limit with one message', async () => {
    const errors = await refusedWith(file('many-tags.yaml', manyErrorsSite(SITE_LIMITS.tagsInSite + 1, SITE_LIMITS.tagsPerEquipment)));
    expect(errors).toEqual([`9:3 equipment: ${SITE_LIMITS.tagsInSite + 1} tags in the site; the limit is ${SITE_LIMITS.tagsInSite}`]);
  }, 60_000);

  it('counts every error within the limits (50,000) and prints only the first 50 and a count', async () => {
    const count = SITE_LIMITS.tagsInSite;
    const result = await loadBounded(file('many-errors-within.yaml', manyErrorsSite(count, SITE_LIMITS.tagsPerEquipment)));
    if (result.ok) throw new Error('expected errors');
    expect(result.errors).toHaveLength(count);
    const lines = formatSiteErrors(result.errors);
    expect(lines).toHaveLength(PRINTED_ERROR_LIMIT + 1);
    expect(lines[0]).toMatch(/:14:11 equipment\[0\]\.tags\.t0: Invalid input: expected object, received number$/);
    expect(lines.at(-1)).toBe(`… and ${count - PRINTED_ERROR_LIMIT} more errors`);
  }, 60_000);

  it('prints every error when there are no more than the limit', () => {
    const errors = Array.from({ length: 3 }, (_, i) => ({ file: 'f', line: i + 1, col: 1, path: 'p', message: 'm' }));
    expect(formatSiteErrors(errors)).toEqual(['f:1:1 p: m', 'f:2:1 p: m', 'f:3:1 p: m']);
    expect(formatSiteErrors([...errors, ...errors], 5).at(-1)).toBe('… and 1 more error');
  });
});
