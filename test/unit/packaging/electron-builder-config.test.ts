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
});
