/**
 * Trends against the simulators through serve mode: pick the crane's hoist height, see it drawn (uPlot's data, not
 * pixels), zoom by dragging and by keyboard (each a new history query for the chart's width), export the shown range as
 * CSV and check the file, reopen the bookmarked URL, and screenshots in both languages.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { expectLinkUp } from './support';
import { startDemoStack, type DemoStack } from '../support/demo-stack';

const SHOTS = 'test/.artifacts/screenshots';
const HOIST = 'sts-crane-1/hoistPosition';

let stack: DemoStack;
test.beforeAll(async () => {
  stack = await startDemoStack();
});
test.afterAll(async () => stack?.close());
test.describe.configure({ mode: 'serial' });

/** Points per series the chart was last given (its data, written by the chart as a test hook). */
async function points(chart: Locator): Promise<number[]> {
  const text = (await chart.locator('.trend-plot').getAttribute('data-points')) ?? '';
  return text === '' ? [] : text.split(',').map(Number);
}

/** The last history query the page made. */
async function lastQuery(page: Page): Promise<{ count: number; from: number; to: number; width: number }> {
  const root = page.getByTestId('trends-page');
  const read = async (name: string) => Number(await root.getAttribute(`data-query-${name}`));
  return { count: Number(await root.getAttribute('data-queries')), from: await read('from'), to: await read('to'), width: await read('width') };
}

async function openWithHoist(page: Page): Promise<Locator> {
  await page.goto(`${stack.url}#/trends`);
  await expect(page.getByTestId('trends-page')).toBeVisible();
  await expectLinkUp(page, 'sts-crane-1');
  await page.getByTestId('trend-search').fill('hoist height');
  await page.getByTestId(`trend-tag-${HOIST}`).getByRole('checkbox').check();
  const chart = page.getByTestId('trend-chart-m');
  await expect(chart).toBeVisible();
  await expect.poll(async () => (await points(chart))[0] ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
  return chart;
}

test('picks the hoist height, draws it live, zooms by drag and keyboard with new queries, and exports the range as CSV', async ({ page }) => {
  const chart = await openWithHoist(page);
  expect(decodeURIComponent(new URL(page.url()).hash)).toContain(`tags=${HOIST}`);
  await expect(page.getByTestId('trend-mode')).toContainText('Live');
  await expect(chart.locator('.u-legend')).toContainText('Hoist height');
  // The legend shows the newest value drawn, with its unit (the simulator's hoist rests at a known height, not 0).
  await expect(chart.locator('.u-legend .u-series').nth(1).locator('.u-value')).toHaveText(/^\d+(\.\d+)? m$/);
  // One bucket per two pixels of the plot (four values a bucket: two points a pixel), again after a layout change.
  const plotWidth = () => chart.locator('.u-over').evaluate((el) => (el as unknown as { clientWidth: number }).clientWidth);
  await expect.poll(async () => (await lastQuery(page)).width - Math.ceil((await plotWidth()) / 2)).toBe(0);
  const live = await lastQuery(page);
  expect(live.to - live.from).toBe(300_000);

  // Drag across the middle third: history mode, one new query for that window.
  const over = chart.locator('.u-over');
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await lastQuery(page)).count).toBeGreaterThan(live.count);
  const zoomed = await lastQuery(page);
  expect(zoomed.to - zoomed.from).toBeGreaterThan(60_000);
  expect(zoomed.to - zoomed.from).toBeLessThan(120_000);
  expect(zoomed.from).toBeGreaterThan(live.from);
  await expect(page.getByTestId('trend-mode')).toContainText('History');
  expect(new URL(page.url()).hash).toContain('end=');
  await page.screenshot({ path: `${SHOTS}/trends-history-en.png` });

  // Keyboard: "+" on the focused chart halves the window.
  await chart.locator('.trend-plot').focus();
  await page.keyboard.press('+');
  await expect.poll(async () => {
    const q = await lastQuery(page);
    return q.to - q.from;
  }).toBeLessThan((zoomed.to - zoomed.from) * 0.75);
  const keyed = await lastQuery(page);
  expect(keyed.to - keyed.from).toBeCloseTo((zoomed.to - zoomed.from) / 2, -2);

  // Back to live, then export the shown 5 minutes (they hold the engine's first values).
  await page.getByTestId('trend-live').click();
  await expect(page.getByTestId('trend-mode')).toContainText('Live');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('trend-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^sts-crane-1_hoistPosition_\d{8}T\d{6}Z_\d{8}T\d{6}Z\.csv$/);
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.trim().split(/\r\n/);
  expect(lines[0]).toBe('time,signal,equipment,tag,value,unit,quality,recorded_every_ms');
  expect(lines.length).toBeGreaterThan(1);
  for (const line of lines.slice(1)) {
    const [time, , equipment, tag, value, unit, quality, every] = line.split(',');
    expect(Number.isNaN(Date.parse(time!))).toBe(false);
    expect([equipment, tag, unit]).toEqual(['sts-crane-1', 'hoistPosition', 'm']);
    expect(Number.isFinite(Number(value))).toBe(true);
    expect(['good', 'stale', 'bad', 'uncertain']).toContain(quality);
    expect(every).toBe(''); // hoist height keeps every change
  }
  await expect(page.getByTestId('trend-export-note')).toContainText(`${lines.length - 1} rows saved`);
});

test('a bookmarked trend reopens with its tags and window; screenshots in English and Chinese', async ({ page }) => {
  await openWithHoist(page);
  await page.getByTestId('trend-search').fill('');
  await page.getByTestId('trend-tag-sts-crane-1/trolleyPosition').getByRole('checkbox').check();
  await page.getByTestId('trend-tag-sts-crane-1/windSpeed').getByRole('checkbox').check();
  await expect(page.getByTestId('trend-chart-m/s')).toBeVisible();
  // The demo site keeps one heartbeat-age sample per 5 s: the picker and the chart's legend say so.
  const paced = page.getByTestId('trend-tag-sts-crane-1/heartbeatAgeMs');
  await expect(paced.locator('.trend-paced')).toHaveText('1 sample / 5 s');
  await paced.getByRole('checkbox').check();
  await expect(page.getByTestId('trend-chart-ms').locator('.u-legend')).toContainText('Heartbeat age at the crane (1 sample / 5 s)');
  await expect(page.getByTestId('trends-page').locator('.trend-count')).toContainText('4 of at most 32 tags selected');
  const bookmark = page.url();

  const again = await page.context().newPage();
  await again.goto(`${stack.url}${new URL(bookmark).hash}`);
  await expect(again.getByTestId(`trend-tag-${HOIST}`).getByRole('checkbox')).toBeChecked();
  await expect(again.getByTestId('trend-tag-sts-crane-1/windSpeed').getByRole('checkbox')).toBeChecked();
  await expect(again.getByTestId('trend-chart-ms')).toBeVisible();
  const chart = again.getByTestId('trend-chart-m');
  await expect.poll(async () => (await points(chart)).length).toBe(2); // hoist and trolley share the metre chart
  await expect.poll(async () => Math.min(...(await points(chart))), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await points(again.getByTestId('trend-chart-m/s')))[0] ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
  // Opened before its engine link was up, the page asks history once the link is: the lines hold recorded values,
  // not only live ones, and no error is left behind.
  await expect.poll(async () => Number(await again.getByTestId('trends-page').getAttribute('data-query-points')), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(again.getByTestId('trends-page').getByRole('alert')).toHaveCount(0);
  await again.screenshot({ path: `${SHOTS}/trends-en.png`, fullPage: true });

  const queriesBefore = (await lastQuery(again)).count;
  await again.getByRole('button', { name: '中文' }).click();
  await expect(again.getByRole('heading', { name: '趋势' })).toBeVisible();
  await expect(again.getByTestId('trend-mode')).toContainText('实时');
  // The charts are rebuilt in the new language from the data already shown: no new query, no blank chart meanwhile.
  await expect(again.getByTestId('trend-chart-ms').locator('.u-legend')).toContainText('（每 5 秒 1 个样本）');
  expect(Math.min(...(await points(again.getByTestId('trend-chart-m'))))).toBeGreaterThan(0);
  await expect(again.getByTestId('trend-chart-m').locator('.u-legend')).not.toContainText('—'); // the newest values, not dashes
  await again.screenshot({ path: `${SHOTS}/trends-zh.png`, fullPage: true });
  expect((await lastQuery(again)).count).toBe(queriesBefore);
  await again.close();
});

test('a bookmark edited to an end no clock can show opens live, and the rest of the console stays', async ({ page }) => {
  await page.goto(`${stack.url}#/trends?tags=${encodeURIComponent(HOIST)}&span=300000&end=9e15`);
  await expect(page.getByTestId('trends-page')).toBeVisible();
  await expect(page.getByTestId('trend-chart-m')).toBeVisible();
  await expect(page.getByTestId('page-failed')).toHaveCount(0);
  await expect(page.locator('.stop-button')).toBeVisible();
});

test('a window from before the console ran says once that nothing was recorded, and its export says so in the same line', async ({ page }) => {
  // An hour that ended a day ago: the demo stack has recorded nothing then.
  const end = Date.now() - 86_400_000;
  await page.goto(`${stack.url}#/trends?tags=${encodeURIComponent(HOIST)}&span=3600000&end=${end}`);
  await expectLinkUp(page, 'sts-crane-1');
  const trends = page.getByTestId('trends-page');
  const nothing = trends.getByText('Nothing was recorded for these tags in this time range', { exact: false });
  await expect(nothing).toBeVisible({ timeout: 20_000 });
  await expect(nothing).toHaveCount(1);
  // Export stays on (a window with nothing to draw may still hold rows); finding none, it says so in that same line.
  await page.getByTestId('trend-export').click();
  await expect(page.getByTestId('trend-export-note')).toHaveText('No recorded values in this time range.');
  await expect(nothing).toHaveCount(0);
  await expect(trends.getByText('No recorded values', { exact: false })).toHaveCount(1);
  // Another window starts without the old note.
  await page.getByTestId('trend-live').click();
  await expect(page.getByTestId('trend-export-note')).toHaveCount(0);
});

