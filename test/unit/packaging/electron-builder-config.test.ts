import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// electron-builder's own schema validation (what `npm run dist` runs first), without building anything.
const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('rejects an invalid configuration (the check above can fail)', async () => {
    await expect(validateConfiguration({ ...config, asar: 'sometimes' }, new DebugLogger(false))).rejects.toThrow();
  });

  it('packs the built app and the demo site, hardens the fuses and publishes nowhere', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**', 'main/sim/demo-site.yaml']));
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
    expect(config.publish).toBeNull();
    expect((config.extraMetadata as { main: string }).main).toBe('dist/electron/main.cjs');
  });

  it('ships the libraries the bundles leave external, and no build tools (electron-builder packs every dependency)', () => {
    // The bundles require these at run time (main/shell/bundle-options.mjs): each must be installed with the app.
    for (const library of ['node-opcua', 'modbus-serial', 'serialport', 'ws', 'yaml', 'zod', 'commander']) expect(pkg.dependencies).toHaveProperty(library);
    // The TypeScript loader and bundlers only serve development (the CLI from sources, the builds): ~12 MB of esbuild.
    for (const tool of ['tsx', 'esbuild', 'vite', 'typescript', 'electron', 'electron-builder']) expect(pkg.dependencies).not.toHaveProperty(tool);
  });
});
