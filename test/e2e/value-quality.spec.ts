/**
 * Every state of a value read as what it is, in the browser against the simulators through serve mode. The crane's
 * wind speed arrives from the engine as usual; this test marks it uncertain, bad or stale on its way to the window (the
 * qualities an OPC UA server or a failing Modbus device give, which the simulators do not), and freezes frames for a
 * value that ages out. The panel readout, the "All signals" row and the overview tile each name the state, dimmed; a
 * screenshot of each in test/.artifacts/screenshots/quality-*.png. The engine itself records the value as good (the
 * route acts on the way to the window only), so for the trend's history the route also plays the engine's part: it
 * marks the stretch it made uncertain in the `history.query` reply as the engine marks one it recorded (the engine's
 * side: test/integration/history/uncertain-trend.test.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { decodeTelemetry, Quality } from '../../shared/contract/telemetry';
import { startDemoStack, type DemoStack } from '../support/demo-stack';
import { CRANE_PANEL, engineCutter, engineStaller, expectLinkUp, SHOTS } from './support';

let stack: DemoStack;
test.beforeAll(async () => {
  stack = await startDemoStack();
});
test.afterAll(async () => stack?.close());
test.describe.configure({ mode: 'serial' });

const TAG = 'sts-crane-1/windSpeed';

/** What the route does to the wind speed's values: pass, mark with a quality, or stop every frame (nothing confirms). */
type Tamper = { kind: 'pass' } | { kind: 'quality'; quality: Quality } | { kind: 'freeze' };

/** The route's state, read on every frame: what it does now, and the engine-time periods it made the wind speed uncertain. */
interface Route {
  current: Tamper;
  uncertain?: [number, number][];
}

/** The signal id of `TAG`, from the engine's `signals.catalog` reply (a text frame). */
function learnSignalId(message: string): number | undefined {
  const reply = JSON.parse(message) as { body?: { signals?: { id: number; equipmentId: string; tag: string }[] } };
  return reply.body?.signals?.find((s) => `${s.equipmentId}/${s.tag}` === TAG)?.id;
}

/** The frame with the wind speed's quality set to `quality` (a bad one also without a number, as a Modbus exception gives). */
function withQuality(message: Buffer, signalId: number, quality: Quality): Buffer {
  const frame = decodeTelemetry(new Uint8Array(message).buffer); // a copy: the decoded columns are views into it
  if ('error' in frame) return message;
  frame.ids.forEach((id, i) => {
    if (id !== signalId) return;
    frame.quality[i] = quality;
    if (quality === Quality.bad) frame.values[i] = Number.NaN;
  });
  return Buffer.from(frame.ids.buffer);
}

/** Notes a frame carrying the wind speed in the periods the route made it uncertain (engine time): opens one or closes it. */
function noteUncertain(periods: [number, number][] | undefined, message: Buffer, signalId: number | undefined, uncertain: boolean): void {
  if (!periods || signalId === undefined) return;
  const frame = decodeTelemetry(new Uint8Array(message).buffer);
  if ('error' in frame || !frame.ids.includes(signalId)) return;
  const last = periods[periods.length - 1];
  const open = last !== undefined && last[1] === Infinity;
  if (uncertain && !open) periods.push([frame.engineTime, Infinity]);
  if (!uncertain && open) last[1] = frame.engineTime;
}

/** A `history.query` reply with the route's uncertain periods on the wind speed's series, as the engine would give them. */
function withUncertainHistory(message: string, signalId: number, periods: readonly [number, number][]): string {
  const reply = JSON.parse(message) as { body?: { series?: { signalId: number; uncertain?: [number, number][] }[] } };
  for (const series of reply.body?.series ?? []) if (series.signalId === signalId) series.uncertain = periods.map(([s, e]) => [s, Math.min(e, Number.MAX_VALUE)]);
  return JSON.stringify(reply);
}

/** Routes the page's engine link through `route` (read on every frame, so a test can change it). */
async function routeEngine(page: Page, route: Route): Promise<void> {
  let signalId: number | undefined;
  await page.routeWebSocket(/\/engine/, (ws) => {
    const server = ws.connectToServer();
    const historyQueries = new Set<number>();
    ws.onMessage((message) => {
      if (typeof message === 'string' && message.includes('"history.query"')) historyQueries.add((JSON.parse(message) as { id: number }).id);
      server.send(message);
    });
    server.onMessage((message) => {
      if (typeof message === 'string') {
        signalId ??= learnSignalId(message);
        const id = message.includes('"res"') ? (JSON.parse(message) as { id?: number }).id : undefined;
        if (id !== undefined && historyQueries.delete(id) && route.uncertain && signalId !== undefined) return ws.send(withUncertainHistory(message, signalId, route.uncertain));
        return ws.send(message); // replies and events pass: the engine link stays up
      }
      const now = route.current;
      if (now.kind === 'freeze') return;
      noteUncertain(route.uncertain, message, signalId, now.kind === 'quality' && now.quality === Quality.uncertain);
      ws.send(now.kind === 'quality' && signalId !== undefined ? withQuality(message, signalId, now.quality) : message);
    });
  });
}

/** The three places the wind speed is shown, for one page. */
function places(page: Page) {
  return {
    readout: page.getByTestId('readout-windSpeed'),
    row: page.getByTestId('tag-windSpeed'),
    tile: page.getByTestId('tile-sts-crane-1').getByTestId('kv-windSpeed'),
  };
}

const STATES = [
  { name: 'uncertain', quality: Quality.uncertain, en: 'uncertain', zh: '不确定' },
  { name: 'bad', quality: Quality.bad, en: 'bad', zh: '坏值' },
  { name: 'stale', quality: Quality.stale, en: 'stale', zh: '过期' },
] as const;

test('good: the wind speed reads live everywhere, with no mark', async ({ page }) => {
  await routeEngine(page, { current: { kind: 'pass' } });
  await page.goto(`${stack.url}${CRANE_PANEL}`);
  const { readout, row } = places(page);
  await expect(readout).toHaveClass(/value-good/, { timeout: 30_000 });
  await expect(readout.getByTestId('value-status')).toHaveCount(0);
  await expect(row).toHaveClass('value-good');
  await readout.screenshot({ path: `${SHOTS}/quality-good-readout-en.png` });
});

for (const state of STATES) {
  test(`${state.name}: named ${state.en} / ${state.zh} on the readout, the signal row and the overview tile, dimmed`, async ({ page }) => {
    await routeEngine(page, { current: { kind: 'quality', quality: state.quality } });
    await page.goto(`${stack.url}${CRANE_PANEL}`);
    const { readout, row, tile } = places(page);
    await expect(readout).toHaveClass(new RegExp(`not-live value-${state.name}`), { timeout: 30_000 });
    await expect(readout.getByTestId('value-status')).toHaveText(state.en);
    await expect(readout.locator('.readout-value')).toHaveCSS('opacity', '0.5'); // dimmed: never looks live
    if (state.name === 'bad') await expect(readout.locator('strong')).toHaveText('—'); // no reading: no number
    else await expect(readout.locator('strong')).toHaveText(/^\d+\.\d+$/); // the number stays readable
    await expect(row).toHaveClass(new RegExp(`not-live value-${state.name}`));
    await expect(row.getByTestId('value-status')).toHaveText(state.en);
    await readout.screenshot({ path: `${SHOTS}/quality-${state.name}-readout-en.png` });
    await row.screenshot({ path: `${SHOTS}/quality-${state.name}-row-en.png` });

    await page.getByRole('button', { name: '中文' }).click();
    await expect(readout.getByTestId('value-status')).toHaveText(state.zh);
    await expect(row.getByTestId('value-status')).toHaveText(state.zh);
    await readout.screenshot({ path: `${SHOTS}/quality-${state.name}-readout-zh.png` });
    await page.getByRole('button', { name: 'English' }).click();

    await page.goto(`${stack.url}#/overview`);
    await expect(tile).toHaveClass(new RegExp(`not-live value-${state.name}`), { timeout: 30_000 });
    await expect(tile.getByTestId('value-status')).toHaveText(state.en);
    await tile.screenshot({ path: `${SHOTS}/quality-${state.name}-tile-en.png` });
  });
}

test('aged out (frames stop reaching the window, the engine link still up): stale on the readout and the row', async ({ page }) => {
  const tamper: Route = { current: { kind: 'pass' } };
  await routeEngine(page, tamper);
  await page.goto(`${stack.url}${CRANE_PANEL}`);
  const { readout, row } = places(page);
  await expect(readout).toHaveClass(/value-good/, { timeout: 30_000 });
  tamper.current = { kind: 'freeze' };
  await expect(readout).toHaveClass(/not-live value-stale/, { timeout: 15_000 });
  await expect(readout.getByTestId('value-status')).toHaveText('stale');
  await expect(row.getByTestId('value-status')).toHaveText('stale');
  await readout.screenshot({ path: `${SHOTS}/quality-aged-readout-en.png` });
});

test('with the engine link lost: stale on the readout and the row the moment the console knows, not a threshold later', async ({ page }) => {
  const engine = await engineCutter(page);
  await page.goto(`${stack.url}${CRANE_PANEL}`);
  const { readout, row } = places(page);
  await expect(readout).toHaveClass(/value-good/, { timeout: 30_000 });
  await engine.cut();
  await expect(page.getByTestId('engine-link')).toContainText(/lost/i, { timeout: 10_000 });
  // The same render that says the link is lost: before, the panel kept the value good until its age threshold.
  expect(await readout.getAttribute('class')).toMatch(/not-live value-stale/);
  await expect(readout.getByTestId('value-status')).toHaveText('stale');
  await expect(row.getByTestId('value-status')).toHaveText('stale');
  // Nothing the engine alone knows is stated as a fact: who holds control, the link, a login.
  await expect(page.getByTestId('control-holder')).toHaveText('Control not known: no connection to the engine');
  await expect(page.getByTestId('panel-link')).toContainText('Link not known — no connection to the engine');
  await expect(page.getByTestId('jog-limit-now')).toHaveText('Jog speed limit: not known (the link is not known).');
  await expect(page.getByTestId('link-sts-crane-1')).toHaveAttribute('data-quality', 'silent');
  await expect(page.getByTestId('link-sts-crane-1')).toContainText('not known');
  await expect(page.getByTestId('user-badge').getByRole('button', { name: 'Log in' })).toBeDisabled();
  await expect(page.getByText('No connection to the engine: nothing can be operated from this screen until it is back.')).toBeVisible();
  await expect(page.locator('.engine-error')).toContainText('No connection to the engine:');
  await page.screenshot({ path: `${SHOTS}/quality-no-engine-panel-en.png` });
});

test('with the engine stalled on an open socket: the link badges and the panel line say not known, never the last figures as good', async ({ page }) => {
  const engine = await engineStaller(page);
  await page.goto(`${stack.url}${CRANE_PANEL}`);
  await expectLinkUp(page, 'sts-crane-1');
  const badge = page.getByTestId('link-sts-crane-1');
  const line = page.getByTestId('panel-link');
  await expect(line).toHaveClass(/quality-(good|degraded)/);
  await expect(badge).toContainText(/\d ms/);
  engine.stall(true);
  await expect(badge).toHaveAttribute('data-quality', 'silent', { timeout: 10_000 });
  await expect(badge).toContainText(/no word \d+ s/);
  await expect(badge).not.toContainText(/\d ms/); // the last round trip is not shown as current
  await expect(line).toHaveClass(/quality-silent/);
  await expect(line).toContainText(/Link not known — the engine has said nothing of it for \d+ s/);
  await expect(page.getByTestId('panel-rtt')).toContainText('p50 — ms · p95 — ms');
  await expect(page.getByTestId('console-link')).toHaveAttribute('data-console', 'slow'); // and the console badge says why
  // The controls wait too: what would be sent into a stalled engine arrives late, if at all.
  await expect(page.getByText('The engine has said nothing of its links for seconds: nothing can be operated until it does.')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/link-silent-panel-en.png` });
  engine.stall(false);
  await expectLinkUp(page, 'sts-crane-1');
  await expect(line).toHaveClass(/quality-(good|degraded)/);
});

test('trends: an uncertain stretch is drawn as its own dotted line, never as the good one, live and from history after a reload', async ({ page }) => {
  const tamper: Route = { current: { kind: 'pass' }, uncertain: [] };
  await routeEngine(page, tamper);
  await page.goto(`${stack.url}#/trends?tags=${TAG}&span=60000`);
  const plot = page.getByTestId('trend-chart-m/s').locator('.trend-plot');
  const counts = async (name: 'points' | 'uncertainPoints') => Number((await plot.getAttribute(`data-${name === 'points' ? 'points' : 'uncertain-points'}`)) || 0);
  await expect.poll(() => counts('points'), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(await counts('uncertainPoints')).toBe(0);
  tamper.current = { kind: 'quality', quality: Quality.uncertain };
  await expect.poll(() => counts('uncertainPoints'), { timeout: 20_000 }).toBeGreaterThan(3);
  // The legend's row for the uncertain line shows while the newest value is uncertain, with that value.
  const uncertainRow = plot.locator('.u-legend .u-series.trend-uncertain');
  await expect(uncertainRow).toBeVisible();
  await expect(uncertainRow).toContainText(/Wind speed: uncertain\s*\d+(\.\d+)? m\/s/);
  const goodBefore = await counts('points');
  tamper.current = { kind: 'pass' }; // good again: the good line goes on
  await expect.poll(() => counts('points'), { timeout: 20_000 }).toBeGreaterThan(goodBefore + 3);
  await expect(uncertainRow).toBeHidden(); // nothing uncertain at the newest point: no row of dashes
  await page.getByTestId('trend-chart-m/s').screenshot({ path: `${SHOTS}/quality-uncertain-trend-en.png` });

  // Reloaded, the stretch is history now (live values are good): still dotted, and the good line still drawn.
  expect(tamper.uncertain).toHaveLength(1);
  const [start, end] = tamper.uncertain![0]!;
  expect(end).toBeLessThan(Infinity);
  await page.reload();
  await expect.poll(() => counts('uncertainPoints'), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(await counts('points')).toBeGreaterThan(0);
  await page.getByTestId('trend-chart-m/s').screenshot({ path: `${SHOTS}/quality-uncertain-trend-reloaded-en.png` });

  // Panned back (history mode, no live values at all): the same, once the query for that window is answered.
  const shownEnd = Math.round(end) + 10_000;
  await page.goto(`${stack.url}#/trends?tags=${TAG}&span=120000&end=${shownEnd}`);
  await expect(page.getByTestId('trends-page')).toHaveAttribute('data-query-to', String(shownEnd), { timeout: 30_000 });
  await expect(page.getByTestId('trend-mode')).toContainText('History');
  await expect.poll(() => counts('uncertainPoints'), { timeout: 10_000 }).toBeGreaterThan(0);
  expect(await counts('points')).toBeGreaterThan(0);
  expect(start).toBeLessThan(end);
  await page.getByTestId('trend-chart-m/s').screenshot({ path: `${SHOTS}/quality-uncertain-trend-history-en.png` });
});
