/**
 * Renderer performance of the fleet overview, measured in Chromium through serve mode: the demo site, and a generated
 * site of 50 cranes (each its own crane simulator). Over ~10 s on the overview it records animation frames (rAF),
 * long tasks (PerformanceObserver 'longtask'), DOM value updates, and the main thread's script/layout/style time
 * (CDP Performance.getMetrics); with REC_PERF_TRACE=1 also a Chrome trace, with REC_PERF_PROFILE=1 a CPU profile. It REPORTS the figures (printed, and
 * written to test/.artifacts/overview-perf.json) — the target is 60 fps with no long task over 50 ms — and asserts only
 * that frames were drawn and values updated: absolute timings depend on the machine.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startDemoStack, type DemoStack } from '../support/demo-stack';
import { startFleetStack } from '../support/fleet-stack';

const OUT = 'test/.artifacts/overview-perf.json';
const SHOTS = 'test/.artifacts/screenshots';
const MEASURE_MS = 10_000;

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

/** The figures of one run. */
interface PerfReport {
  equipment: number;
  seconds: number;
  frames: number;
  fps: number;
  frameMs: { p50: number; p95: number; p99: number; max: number };
  /** Frames that took longer than two vsyncs (> 33 ms): visible stutter. */
  slowFrames: number;
  longTasks: { count: number; longestMs: number; totalMs: number };
  valueUpdates: number;
  /** Main-thread time per second of wall time (ms/s), from Chromium's performance metrics. */
  mainThreadMsPerS: { script: number; layout: number; style: number; task: number };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

/** The browser globals the in-page measurement uses (the test project is typed for Node, without the DOM). */
interface PageGlobals {
  requestAnimationFrame(run: (time: number) => void): number;
  document: { querySelector(selector: string): unknown };
  MutationObserver: new (listener: (records: unknown[]) => void) => { observe(target: unknown, options: object): void; disconnect(): void };
  PerformanceObserver: new (listener: (list: { getEntries(): { duration: number }[] }) => void) => { observe(options: object): void; disconnect(): void };
}

/**
 * Runs in the page: records every animation frame, long task and DOM change under the tile list, and resolves once the
 * page's own clock has run `ms` (the measurement window).
 */
function inPageMeasurement(ms: number): Promise<{ frames: number[]; longTasks: number[]; mutations: number }> {
  const g = globalThis as unknown as PageGlobals;
  return new Promise((resolve) => {
    const perf = { start: performance.now(), frames: [] as number[], longTasks: [] as number[], mutations: 0 };
    const observer = new g.PerformanceObserver((list) => {
      for (const entry of list.getEntries()) perf.longTasks.push(entry.duration);
    });
    observer.observe({ type: 'longtask' });
    const list = g.document.querySelector('[data-testid=equipment-list]');
    const mutations = new g.MutationObserver((records) => (perf.mutations += records.length));
    if (list) mutations.observe(list, { subtree: true, characterData: true, childList: true });
    const loop = (time: number) => {
      perf.frames.push(time);
      if (time - perf.start < ms) return void g.requestAnimationFrame(loop);
      observer.disconnect();
      mutations.disconnect();
      resolve(perf);
    };
    g.requestAnimationFrame(loop);
  });
}

/** Measures the overview already shown in `page` for MEASURE_MS. */
async function measure(page: Page, equipment: number, name: string): Promise<PerfReport> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries(((await cdp.send('Performance.getMetrics')).metrics as { name: string; value: number }[]).map((m) => [m.name, m.value]));
  const trace = process.env.REC_PERF_TRACE === '1';
  if (trace) await page.context().browser()?.startTracing(page, { path: `test/.artifacts/overview-perf-${name}.trace.json` });
  const profile = process.env.REC_PERF_PROFILE === '1';
  if (profile) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
  const before = await metrics();
  const raw = await page.evaluate(inPageMeasurement, MEASURE_MS);
  const after = await metrics();
  if (trace) await page.context().browser()?.stopTracing();
  if (profile) writeFileSync(`test/.artifacts/overview-perf-${name}.cpuprofile`, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  const seconds = (raw.frames.at(-1)! - raw.frames[0]!) / 1000;
  const intervals = raw.frames.slice(1).map((t, i) => t - raw.frames[i]!).sort((a, b) => a - b);
  const wall = (after.Timestamp ?? 0) - (before.Timestamp ?? 0) || seconds;
  const perS = (key: string) => round((((after[key] ?? 0) - (before[key] ?? 0)) * 1000) / wall);
  return {
    equipment,
    seconds: round(seconds, 2),
    frames: raw.frames.length,
    fps: round((raw.frames.length - 1) / seconds),
    frameMs: { p50: round(pct(intervals, 50)), p95: round(pct(intervals, 95)), p99: round(pct(intervals, 99)), max: round(intervals.at(-1) ?? 0) },
    slowFrames: intervals.filter((ms) => ms > 33.4).length,
    longTasks: { count: raw.longTasks.length, longestMs: round(Math.max(0, ...raw.longTasks)), totalMs: round(raw.longTasks.reduce((a, b) => a + b, 0)) },
    valueUpdates: raw.mutations,
    mainThreadMsPerS: { script: perS('ScriptDuration'), layout: perS('LayoutDuration'), style: perS('RecalcStyleDuration'), task: perS('TaskDuration') },
  };
}

/** Adds one scenario's figures to the JSON report and prints them. */
function report(name: string, figures: PerfReport): void {
  mkdirSync('test/.artifacts', { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(OUT, 'utf8')) as Record<string, unknown>;
  } catch {
    // first scenario of this run
  }
  all[name] = { ...figures, measuredAt: new Date().toISOString() };
  writeFileSync(OUT, `${JSON.stringify(all, null, 2)}\n`);
  const f = figures;
  console.log(
    `overview-perf ${name}: ${f.equipment} equipment, ${f.fps} fps over ${f.seconds} s (frame p50 ${f.frameMs.p50} / p95 ${f.frameMs.p95} / max ${f.frameMs.max} ms, ${f.slowFrames} frames > 33 ms), ` +
      `long tasks ${f.longTasks.count} (longest ${f.longTasks.longestMs} ms), ${f.valueUpdates} DOM value updates, ` +
      `main thread ms/s: script ${f.mainThreadMsPerS.script}, layout ${f.mainThreadMsPerS.layout}, style ${f.mainThreadMsPerS.style}, all tasks ${f.mainThreadMsPerS.task}`,
  );
}

/** Opens the overview and waits until every tile shows live key values. */
async function openOverview(page: Page, stack: DemoStack, tiles: number, liveTiles: number): Promise<void> {
  await page.goto(`${stack.url}#/overview`);
  await expect(page.getByTestId('equipment-list').locator('li')).toHaveCount(tiles, { timeout: 30_000 });
  await expect.poll(() => page.locator('.kv.value-good .kv-number').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(liveTiles * 2);
  // Measure with tiles on screen: the header grows with one badge per connection and can push them below the fold.
  await page.locator('#overview-heading').evaluate((heading) => (heading as unknown as { scrollIntoView(): void }).scrollIntoView());
}

test('demo site: overview frame rate and long tasks', async ({ page }) => {
  const stack = await startDemoStack();
  try {
    // The rig waits for its certificate to be trusted; the two cranes are live.
    await openOverview(page, stack, 3, 2);
    const figures = await measure(page, 3, 'demo');
    report('demo', figures);
    expect(figures.frames).toBeGreaterThan(10);
    expect(figures.valueUpdates).toBeGreaterThan(0);
  } finally {
    await stack.close();
  }
});

test('generated 50-crane site: overview frame rate and long tasks', async ({ page }) => {
  const stack = await startFleetStack(50);
  try {
    await openOverview(page, stack, 50, 50);
    const figures = await measure(page, 50, 'fleet-50');
    report('fleet-50', figures);
    expect(figures.frames).toBeGreaterThan(10);
    expect(figures.valueUpdates).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/overview-50-en.png` });
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/overview-50-top-en.png` });
  } finally {
    await stack.close();
  }
});
