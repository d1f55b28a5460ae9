/**
 * The fleet overview against the simulators through serve mode: a tile per equipment with state, mode, control, link
 * quality with a live round trip, alarms by priority and key values with sparklines; an alarm raised in the crane
 * simulator shows on its tile; Enter on a tile opens the panel; the whole overview in Chinese. Screenshots both ways.
 */
import { expect, test, type Page } from '@playwright/test';
import { engineCutter, setSimWind, trustRigSimulator } from './support';
import { startDemoStack, type DemoStack } from '../support/demo-stack';

const SHOTS = 'test/.artifacts/screenshots';

let stack: DemoStack;
test.beforeAll(async () => {
  stack = await startDemoStack();
});
test.afterAll(async () => stack?.close());
test.describe.configure({ mode: 'serial' });


/** Trusts the rig simulator's certificate as admin (so the rig's tile is live too), then logs out. */
async function trustRig(page: Page): Promise<void> {
  await trustRigSimulator(page, stack);
  await page.getByTestId('user-badge').getByRole('button', { name: 'Log out' }).click();
}

test('a tile per equipment shows state, mode, control, live link and key values with units', async ({ page }) => {
  await trustRig(page);
  await page.goto(`${stack.url}#/overview`);
  const crane = page.getByTestId('tile-sts-crane-1');
  await expect(crane).toContainText('STS crane 1');
  // Connected (or degraded when this shared machine is so loaded that probes time out — still a live connection).
  await expect(crane.locator('.badge')).toHaveText(/^(connected|degraded)$/, { timeout: 20_000 });
  await expect(crane.getByTestId('tile-mode')).toHaveText(/Remote|Local/);
  await expect(crane.getByTestId('tile-holder')).toHaveText('No one in control');
  await expect(crane.getByTestId('tile-link')).toContainText(/Link (good|degraded)/, { timeout: 20_000 });
  await expect(crane.getByTestId('tile-link')).toContainText(/RTT p95 \d+(\.\d)? ms/);
  await expect(crane.getByTestId('tile-alarms')).toContainText('No active alarms');
  for (const tag of ['hoistPosition', 'trolleyPosition', 'loadWeight', 'windSpeed']) await expect(crane.getByTestId(`kv-${tag}`)).toBeVisible();
  await expect(crane.getByTestId('kv-windSpeed')).toContainText(/\d+\.\d m\/s/);
  await expect(crane.getByTestId('tile-age')).toContainText(/values \d+(\.\d)? s old/);
  // Wide-range readings are not grouped: 1580 °C, never 1,580 °C.
  await expect(page.getByTestId('tile-ladle-crane-1').getByTestId('kv-steelTemperature')).toContainText(/^[^,]*\d{4} °C/, { timeout: 20_000 });
  await expect(page.getByTestId('tile-drill-rig-1').getByTestId('kv-depth')).toContainText(/\d m/, { timeout: 30_000 });
  // The sparkline is painted on its canvas (some pixel is not transparent) once a few values arrived.
  await expect
    .poll(() =>
      crane.getByTestId('kv-windSpeed').locator('canvas').evaluate((element) => {
        // The test project has no DOM types: the canvas as far as this check needs it.
        type Canvas = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null };
        const canvas = element as unknown as Canvas;
        const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
        return data !== undefined && Array.prototype.some.call(data, (v: number, i: number) => i % 4 === 3 && v > 0);
      }),
    )
    .toBe(true);
  await page.screenshot({ path: `${SHOTS}/overview-en.png`, fullPage: true });
});

test('an alarm raised in the crane simulator shows on its tile by priority', async ({ page }) => {
  await page.goto(`${stack.url}#/overview`);
  const crane = page.getByTestId('tile-sts-crane-1');
  await setSimWind(stack, 25);
  try {
    // Wind above 18 m/s (medium) and above the trolley limit (high): both annunciated, neither acknowledged.
    await expect(crane.getByTestId('tile-alarms')).toContainText('1 high', { timeout: 15_000 });
    await expect(crane.getByTestId('tile-alarms')).toContainText('1 medium');
    await expect(crane.getByTestId('tile-alarms')).toContainText('2 not acknowledged');
    await expect(crane).toHaveClass(/tile-alarm/);
    await expect(page.getByTestId('fleet-summary')).toContainText('1 with active alarms');
    await page.screenshot({ path: `${SHOTS}/overview-alarm-en.png`, fullPage: true });
  } finally {
    await setSimWind(stack, 0);
  }
});

/** Notes whether an "alarms unknown" mark is ever drawn (the page's DOM, observed). */
const WATCH_UNKNOWN = `
  globalThis.unknownSeen = false;
  new MutationObserver(() => {
    if (document.querySelector('[data-testid="tile-alarms-unknown"], .fleet-summary-unknown')) globalThis.unknownSeen = true;
  }).observe(document.body, { childList: true, subtree: true });
`;

test('the overview opened again knows its alarm counts at once: never "alarms unknown" with the engine link up', async ({ page }) => {
  await page.goto(`${stack.url}#/overview`);
  await expect(page.getByTestId('tile-sts-crane-1').getByTestId('tile-alarms')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('link', { name: 'Diagnostics', exact: true }).click();
  await expect(page.getByTestId('diag-crane-plc')).toBeVisible();
  // Watches every node added from now on: a flash of "unknown" lasting one frame counts.
  await page.evaluate(WATCH_UNKNOWN);
  await page.getByRole('link', { name: 'Overview', exact: true }).click();
  await expect(page.getByTestId('tile-sts-crane-1').getByTestId('tile-alarms')).toBeVisible();
  await expect(page.getByTestId('fleet-summary')).toBeVisible();
  expect(await page.evaluate(() => (globalThis as unknown as { unknownSeen: boolean }).unknownSeen)).toBe(false);
});

test('Enter on a focused tile opens the equipment panel', async ({ page }) => {
  await page.goto(`${stack.url}#/overview`);
  await page.getByTestId('tile-ladle-crane-1').getByRole('link').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/equipment\/ladle-crane-1$/);
});

test('the overview in Simplified Chinese', async ({ page }) => {
  await page.goto(`${stack.url}#/overview`);
  await page.getByRole('button', { name: '中文' }).click();
  const crane = page.getByTestId('tile-sts-crane-1');
  await expect(crane).toContainText('岸桥 1');
  await expect(crane.getByTestId('tile-holder')).toHaveText('无人控制');
  await expect(crane.getByTestId('tile-link')).toContainText(/往返 p95 \d+(\.\d)? 毫秒/, { timeout: 20_000 });
  await expect(crane.getByTestId('kv-windSpeed')).toContainText('风速');
  await expect(crane.getByTestId('tile-age')).toContainText('数值更新于');
  await page.screenshot({ path: `${SHOTS}/overview-zh.png`, fullPage: true });
  await page.getByRole('button', { name: 'English' }).click();
});

test('diagnostics explains the skipped intermediate values', async ({ page }) => {
  await page.goto(`${stack.url}#/diagnostics`);
  await expect(page.getByTestId('diag-dropped')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('diag-dropped-help')).toContainText('the newest value of every signal is always delivered');
  // Whether history and polling keep up: values stored (the first flush comes within a second or two), none
  // dropped, and the crane's scan classes with their cycles.
  await expect.poll(async () => Number(await page.getByTestId('diag-history-written').textContent()), { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('diag-history-dropped')).toHaveText('0');
  await expect(page.getByTestId('diag-history-pending')).toHaveText(/^\d+$/); // stored, waiting for the minute's repack
  await expect(page.getByTestId('diag-scan-crane-plc-fast')).toContainText('100 ms');
  // From the second reading on, the share of each class's cycles run (a dash before).
  await expect(page.getByTestId('diag-scan-share-crane-plc-fast')).toHaveText(/^\d+ %$/, { timeout: 10_000 });
  await page.screenshot({ path: `${SHOTS}/diagnostics-figures-en.png`, fullPage: true });
});

test('with the engine link lost, the tiles\' values dim as stale: no frame confirms them any more', async ({ page }) => {
  const engine = await engineCutter(page);
  await page.goto(`${stack.url}#/overview`);
  const wind = page.getByTestId('tile-sts-crane-1').getByTestId('kv-windSpeed');
  await expect(wind).toContainText(/\d+\.\d m\/s/, { timeout: 20_000 });
  await expect(wind).toHaveClass(/value-good/);
  await engine.cut();
  await expect(page.getByTestId('engine-link')).toContainText(/lost/i, { timeout: 10_000 });
  await expect(wind).toHaveClass(/not-live value-stale/, { timeout: 10_000 });
  await expect(wind.getByTestId('value-status')).toHaveText('stale');
  // The last connection state and link figures heard are not shown as holding: state unknown, no link line.
  const tile = page.getByTestId('tile-sts-crane-1');
  await expect(tile.getByTestId('tile-state-unknown')).toHaveText('state unknown: no engine link');
  await expect(tile.getByTestId('tile-link')).toHaveCount(0);
  // Nor the alarm counts: none shown (the last list said none), the tile not calm, the fleet line not "all good".
  await expect(tile.getByTestId('tile-alarms-unknown')).toHaveText('alarms unknown: no engine link');
  await expect(tile.getByTestId('tile-alarms')).not.toContainText('No active alarms');
  await expect(tile).not.toHaveClass(/tile-calm/);
  await expect(page.getByTestId('fleet-summary')).toContainText('Alarms and links unknown: no engine link');
  // Nor who holds control, nor how many alarms wait: the header's count reads "?" instead of the last number heard.
  await expect(tile.getByTestId('tile-holder')).toHaveText('Control unknown: no engine link');
  await expect(page.getByTestId('nav-alarms')).toHaveText('Alarms?');
  await page.screenshot({ path: `${SHOTS}/overview-no-engine-en.png`, fullPage: true });
});

test('frames no longer reaching this window (the engine link still up): the tiles\' values and mode go stale by age', async ({ page }) => {
  let frozen = false;
  await page.routeWebSocket(/\/engine/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    // Replies still pass; telemetry frames (binary) stop: nothing confirms the values any more.
    server.onMessage((message) => {
      if (!frozen || typeof message === 'string') ws.send(message);
    });
  });
  await page.goto(`${stack.url}#/overview`);
  const tile = page.getByTestId('tile-sts-crane-1');
  const wind = tile.getByTestId('kv-windSpeed');
  await expect(wind).toContainText(/\d+\.\d m\/s/, { timeout: 20_000 });
  await expect(wind).toHaveClass(/value-good/);
  await expect(tile.getByTestId('tile-mode')).toHaveText('Remote');
  frozen = true;
  await expect(wind).toHaveClass(/not-live value-stale/, { timeout: 15_000 });
  await expect(wind.getByTestId('value-status')).toHaveText('stale'); // aged out: not confirmed in time
  await expect(tile.getByTestId('tile-mode')).toHaveText(/unknown/i);
  await expect(page.getByTestId('engine-link')).not.toContainText(/lost/i); // the link itself is still up
});

test('the stop pressed with no engine link and no equipment known says it was NOT sent, as a failure', async ({ page }) => {
  await page.routeWebSocket(/\/engine/, (ws) => void ws.close({ code: 1011, reason: 'test: engine away' }));
  await page.goto(`${stack.url}#/overview`);
  await expect(page.getByTestId('engine-link')).toContainText(/lost|connecting/i, { timeout: 10_000 });
  await page.getByRole('button', { name: /stop/i }).first().click();
  const notice = page.getByTestId('stop-notice');
  await expect(notice).toContainText('Stop NOT sent');
  await expect(notice).toHaveClass(/stop-failed/); // a failed notice stays until closed (only confirmed stops close themselves)
});
