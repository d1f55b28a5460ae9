/**
 * Small helpers shared by the operator E2E specs (copied from operator-control.spec.ts, which can switch to these):
 * log in through the dialog, read a tag's shown number, wait for the hoist to stand still.
 */
import { expect, test, type Page } from '@playwright/test';
import ModbusRTU from 'modbus-serial';
import { AttributeIds, DataType, MessageSecurityMode, OPCUAClient, SecurityPolicy, UserTokenType } from 'node-opcua';
import { startDemoStack, type DemoStack } from '../support/demo-stack';
import { DEMO_OPCUA_PASSWORD, DEMO_OPCUA_USER } from '../../main/sim/demo-credentials';
import type { DOUBTABLE } from '../../main/sim/rig/sim-controls';

/** Crane simulator holding 20: wind override in 0.1 m/s, 0 = natural wind (main/sim/REGISTER-MAPS.md). */
const SIM_WIND_OVERRIDE = 20;

/** Where the specs write their screenshots. */
export const SHOTS = 'test/.artifacts/screenshots';
/** The crane's panel in the demo site. */
export const CRANE_PANEL = '#/equipment/sts-crane-1';

/**
 * Routes the page's engine socket through the test, so it can take the engine away: `cut()` closes the sockets open now
 * and refuses every reconnect (the console's retries find no engine). Call before the page opens.
 */
export async function engineCutter(page: Page): Promise<{ cut(): Promise<void> }> {
  let cut = false;
  const sockets: { close(): Promise<void> }[] = [];
  await page.routeWebSocket(/\/engine/, (ws) => {
    if (cut) return void ws.close({ code: 1011, reason: 'test: engine away' });
    ws.connectToServer();
    sockets.push(ws);
  });
  return {
    async cut() {
      cut = true;
      for (const ws of sockets) await ws.close();
    },
  };
}

/**
 * Routes the page's engine socket through the test, so it can stall the engine on an open socket: while `stall(true)`,
 * what the engine sends is held back (as when the engine hangs, or the network between stops passing data: TCP
 * loses nothing, it delays), and the socket stays open; `stall(false)` delivers it, late. Call before the page opens.
 */
export async function engineStaller(page: Page): Promise<{ stall(on: boolean): void }> {
  let stalled = false;
  const held: { send(): void }[] = [];
  await page.routeWebSocket(/\/engine/, (ws) => {
    const server = ws.connectToServer();
    server.onMessage((message) => {
      if (stalled) held.push({ send: () => ws.send(message) });
      else ws.send(message);
    });
  });
  return {
    stall(on) {
      stalled = on;
      if (!on) for (const message of held.splice(0)) message.send();
    },
  };
}

/**
 * Waits until the header says the equipment's link answers (quality good or degraded — degraded is normal on a loaded
 * test machine). Reads the badge's `data-quality`, not its words, so the header's wording and language may change.
 */
export async function expectLinkUp(page: Page, equipmentId: string, timeout = 30_000): Promise<void> {
  await expect(page.getByTestId(`link-${equipmentId}`)).toHaveAttribute('data-quality', /^(good|degraded)$/, { timeout });
}

/** Logs in through the open login dialog. */
export async function login(page: Page, user: string, pin: string): Promise<void> {
  const dialog = page.getByTestId('login-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('User').fill(user);
  await dialog.getByLabel('PIN').fill(pin);
  await dialog.getByRole('button', { name: 'Log in' }).click();
  await expect(dialog).toBeHidden();
}

/**
 * Trusts the drill-rig simulator's certificate from the diagnostics page as admin (the OPC UA trust workflow; the
 * login dialog opens on the click) and waits until the rig's link answers. The admin stays logged in.
 */
export async function trustRigSimulator(page: Page, stack: Pick<DemoStack, 'url'>): Promise<void> {
  await page.goto(`${stack.url}#/diagnostics`);
  const rejected = page.getByTestId('certs-rejected');
  await expect(rejected).toContainText('rig simulator', { timeout: 30_000 });
  await rejected.getByRole('button', { name: 'Trust and retry' }).first().click();
  await login(page, 'admin', '4444');
  await expectLinkUp(page, 'drill-rig-1');
}

/** A tag's number as the panel shows it ("20.00 m" → 20). */
export async function shown(page: Page, tag: string): Promise<number> {
  const text = (await page.getByTestId(`tag-${tag}`).locator('td').first().textContent()) ?? '';
  return Number(text.trim().split(/\s+/)[0]?.replace(/,/g, ''));
}

/** Waits for the hoist to be at standstill, then checks the position no longer moves over five further readings. */
export async function expectHoistStopped(page: Page): Promise<number> {
  await expect(page.getByTestId('tag-hoistSpeed').locator('td').first()).toContainText(/^\s*-?0\.00 m\/s/, { timeout: 10_000 });
  return expectHoistStill(page);
}

/** The hoist position over five readings 200 ms apart moves by less than 2 cm; returns the last. */
export async function expectHoistStill(page: Page): Promise<number> {
  const samples: number[] = [];
  await expect.poll(async () => samples.push(await shown(page, 'hoistPosition')), { intervals: [200] }).toBeGreaterThanOrEqual(5);
  expect(Math.max(...samples) - Math.min(...samples)).toBeLessThan(0.02);
  return samples.at(-1) as number;
}

/** Logs in as the operator from the panel and takes control of the crane, with its values live. */
export async function operatorInControl(page: Page): Promise<void> {
  await page.getByTestId('user-badge').getByRole('button', { name: 'Log in' }).click();
  await login(page, 'operator', '2222');
  await expectLinkUp(page, 'sts-crane-1');
  await page.getByRole('button', { name: 'Take control' }).click();
  await expect(page.getByTestId('control-holder')).toContainText('You have control');
  await expect(page.getByTestId('tag-hoistPosition')).toHaveClass('value-good', { timeout: 20_000 });
}

/** Writes the crane simulator's wind override (m/s; 0 = natural wind) over Modbus, as a test rig would. */
export async function setSimWind(stack: Pick<DemoStack, 'simEndpoints'>, metresPerSecond: number): Promise<void> {
  const url = new URL(stack.simEndpoints.get('crane') ?? '');
  const master = new ModbusRTU();
  await master.connectTCP(url.hostname, { port: Number(url.port) });
  master.setID(Number(url.searchParams.get('unit') ?? 1));
  try {
    await master.writeRegister(SIM_WIND_OVERRIDE, Math.round(metresPerSecond * 10));
  } finally {
    await new Promise<void>((resolve) => master.close(() => resolve()));
  }
}

/**
 * Writes the rig simulator's simulator-only switch `Rig.Sim.<measurement>Uncertain` over OPC UA (as the demo operator:
 * anonymous sessions may not write), so that measurement reports an Uncertain status while on (ADDRESS-SPACE.md).
 */
export async function setSimRigUncertain(stack: Pick<DemoStack, 'simEndpoints'>, measurement: (typeof DOUBTABLE)[number], on: boolean): Promise<void> {
  const client = OPCUAClient.create({ securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, endpointMustExist: false, connectionStrategy: { maxRetry: 0 } });
  await client.connect(stack.simEndpoints.get('rig') ?? '');
  try {
    const session = await client.createSession({ type: UserTokenType.UserName, userName: DEMO_OPCUA_USER, password: DEMO_OPCUA_PASSWORD });
    try {
      const nodeId = `ns=1;s=Rig.Sim.${measurement}Uncertain`;
      const status = await session.write({ nodeId, attributeId: AttributeIds.Value, value: { value: { dataType: DataType.Boolean, value: on } } });
      if (!status.isGood()) throw new Error(`writing ${nodeId}: ${status.name}`);
    } finally {
      await session.close();
    }
  } finally {
    await client.disconnect();
  }
}

/**
 * The demo stack of one spec file: started before its tests, closed after them (the wind override set back to natural
 * first, so no file leaves an alarm standing for the next). Call at the top level; the getter works once started.
 */
export function demoStackOfFile(): () => DemoStack {
  let stack: DemoStack | undefined;
  test.beforeAll(async () => {
    stack = await startDemoStack();
  });
  test.afterAll(async () => {
    if (stack) await setSimWind(stack, 0).catch(() => undefined);
    await stack?.close();
  });
  return () => {
    if (!stack) throw new Error('the demo stack has not started');
    return stack;
  };
}
