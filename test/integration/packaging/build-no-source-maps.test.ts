/**
 * The renderer and Electron builds ship no source maps: the renderer build is what serve mode serves and what is
 * packaged, and a map would carry our sources. Runs the real Vite and esbuild builds into a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from 'vite';

const out = mkdtempSync(join(tmpdir(), 'rec-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Every file under `dir`, relative. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('production builds', () => {
  it('the renderer build has no .map files and no sourceMappingURL comments', async () => {
    await build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
    const files = filesUnder(out);
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    for (const file of files.filter((f) => f.endsWith('.js') || f.endsWith('.css'))) expect(readFileSync(file, 'utf8')).not.toContain('sourceMappingURL');
  });

  it('the Electron bundles have no .map files', () => {
    // The build script writes dist/electron (the project's own build output); run it as `npm run build` does.
    execFileSync(process.execPath, ['main/shell/build-electron.mjs'], { stdio: 'pipe' });
    const files = filesUnder('dist/electron');
    // main, preload, engine host, and the history store's thread.
    expect(files.filter((file) => file.endsWith('.cjs'))).toHaveLength(4);
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    for (const file of files) expect(readFileSync(file, 'utf8')).not.toContain('sourceMappingURL');
  });
});
