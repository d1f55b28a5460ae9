import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layering lint', () => {
  it.each([
    ['shared/contract/bad.ts', "import { Engine } from '../../main/engine/engine';\nexport const x: Engine | undefined = undefined;\n"],
    ['shared/site/bad.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['shared/bad.ts', "import { App } from '../renderer/app/App';\nexport const x = App;\n"],
    ['renderer/app/bad.ts', "import { Engine } from '../../main/engine/engine';\nexport const x = Engine;\n"],
    ['renderer/app/bad2.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"],
    ['main/engine/bad.ts', "import { App } from '../../renderer/app/App';\nexport const x = App;\n"],
    ['main/engine/bad2.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n"],
    ['main/engine/bad3.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['main/cli/bad.ts', "import type { BrowserWindow } from 'electron';\nexport type X = BrowserWindow;\n"],
  ])('refuses the layering violation in %s', async (file, code) => {
    expect(await ruleIds(file, code)).toContain('no-restricted-imports');
  });

  it('refuses webContents.send outside the carrier files', async () => {
    const code = "import type { BrowserWindow } from 'electron';\nexport function f(w: BrowserWindow) { w.webContents.send('x', 1); }\n";
    expect(await ruleIds('main/shell/bad.ts', code)).toContain('no-restricted-syntax');
  });

  it.each([
    ['a namespace import', "import * as electron from 'electron';\nexport const x = electron.ipcMain;\n"],
    ['an aliased webContents', "import type { BrowserWindow } from 'electron';\nexport function f(w: BrowserWindow) { const contents = w.webContents; contents.send('x'); }\n"],
  ])('refuses raw IPC through %s', async (_what, code) => {
    expect(await ruleIds('main/shell/bad.ts', code)).toContain('no-restricted-syntax');
  });

  it('allows raw IPC in the carrier files and contract imports everywhere', async () => {
    expect(await ruleIds('main/shell/carrier-handover.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n")).toEqual([]);
    expect(await ruleIds('renderer/app/ok.ts', "import { ContractClient } from '../../shared/contract/client';\nexport const x = ContractClient;\n")).toEqual([]);
  });

  describe('the one command path', () => {
    const call = "export async function f(d: { UNSAFE_write(v: number): Promise<void> }) { await d.UNSAFE_write(1); }\n";
    const destructure = "export function f(d: { UNSAFE_writeRaw(): void }) { const { UNSAFE_writeRaw } = d; UNSAFE_writeRaw(); }\n";
    const computed = "export function f(d: Record<string, () => void>) { d['UNSAFE_call'](); }\n";
    it.each([
      ['main/engine/handlers/bad.ts', call],
      ['main/cli/probes/bad.ts', call],
      ['main/engine/alarms/bad.ts', call],
      ['main/engine/session/bad.ts', destructure],
      ['renderer/app/bad.ts', call],
      ['main/serve/bad.ts', computed],
    ])('refuses a raw driver write in %s', async (file, code) => {
      expect(await ruleIds(file, code)).toContain('no-restricted-syntax');
    });

    it('allows raw driver writes in the command service and the drivers that define them', async () => {
      expect(await ruleIds('main/engine/safety/device-access.ts', call)).toEqual([]);
      expect(await ruleIds('main/engine/drivers/modbus/x.ts', call)).toEqual([]);
    });

    it.each([
      ["import { Engine } from '../engine';\nexport type X = Engine;\n"],
      ["import type { Driver } from '../drivers/driver';\nexport type X = Driver;\n"],
      ["import { ConnectionSupervisor } from '../connections/supervisor';\nexport const x = ConnectionSupervisor;\n"],
      ["import { DeviceAccess } from '../safety/device-access';\nexport const x = DeviceAccess;\n"],
    ])('keeps handlers on the services interface: refuses %s', async (code) => {
      expect(await ruleIds('main/engine/handlers/bad.ts', code)).toContain('no-restricted-imports');
    });

    it('lets handlers import the contract, the services interface and their own folder', async () => {
      const code = "import type { EngineServices } from '../services';\nimport { ContractError } from '../../../shared/contract/errors';\nimport type { HandlerContext } from './context';\nexport type X = [EngineServices, HandlerContext];\nexport const y = ContractError;\n";
      expect(await ruleIds('main/engine/handlers/ok.ts', code)).toEqual([]);
    });
  });
});
