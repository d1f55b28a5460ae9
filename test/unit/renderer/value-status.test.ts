/**
 * Every state of a value shown as what it is: a panel readout, an "All signals" row and an overview key value name a
 * bad, a stale (engine-marked, aged out, or the engine link down) and an uncertain value apart, in English and
 * Chinese, dimmed; only a good value confirmed in time reads live, and only it may be judged by (rendered to markup).
 */
import { fileURLToPath } from 'node:url';
import { createElement, type FunctionComponent, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../../renderer/i18n/messages';
import { fresh, freshIs, isStale } from '../../../renderer/equipment/panels/values/stale';
import { statusOf, valueStatus } from '../../../renderer/equipment/panels/values/value-status';
import { FrameBatcher } from '../../../renderer/stores/frame-batcher';
import { ServicesContext, type AppServices } from '../../../renderer/stores/hooks';
import { SessionStore } from '../../../renderer/stores/session-store';
import { TelemetryStore } from '../../../renderer/stores/telemetry-store';
import type { EquipmentSummary } from '../../../shared/contract/requests/core';
import { decodeTelemetry, encodeTelemetry, Quality } from '../../../shared/contract/telemetry';

// TSX, compiled for the browser project (and the i18n module it pulls in): loaded by path so this (node) project's type-check skips them.
const load = async <T>(path: string): Promise<T> => (await import(fileURLToPath(new URL(path, import.meta.url)))) as T;
const { TagRow } = await load<{ TagRow: FunctionComponent<Record<string, unknown>> }>('../../../renderer/equipment/TagRow.tsx');
const { Readout } = await load<{ Readout: FunctionComponent<Record<string, unknown>> }>('../../../renderer/equipment/panels/values/Readout.tsx');
const { useTag } = await load<{ useTag: (equipment: EquipmentSummary, tag: string, now: number) => Record<string, unknown> }>('../../../renderer/equipment/panels/values/use-tag.ts');
const { KeyValue } = await load<{ KeyValue: FunctionComponent<Record<string, unknown>> }>('../../../renderer/overview/KeyValue.tsx');
const { setLocale } = await load<{ setLocale(locale: string): void }>('../../../renderer/i18n/i18n.ts');

const T0 = 1_800_000_000_000;
const STALE_AFTER = 1200;
const WIND = { name: 'windSpeed', address: 'input:10', type: 'float32', unit: 'm/s', range: [0, 40] as [number, number], writable: false, staleAfterMs: STALE_AFTER };
const CRANE: EquipmentSummary = { id: 'crane', name: 'Crane', type: 'sts-crane', connectionId: 'plc', protocol: 'modbus-tcp', tags: [WIND], keyTags: ['windSpeed'], commands: [] };

/** Real stores holding wind speed 12.3 m/s of `quality`, confirmed at T0; `engine`: the state of the engine link. */
function services(quality: Quality, value = 12.3, engine: 'connected' | 'lost' = 'connected'): AppServices {
  const telemetry = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run()));
  const frame = decodeTelemetry(encodeTelemetry(1, T0, 0, [[0, { value, sourceTime: T0, quality }]]));
  if ('error' in frame) throw new Error(frame.error);
  telemetry.apply(frame, () => undefined, T0);
  const session = new SessionStore();
  session.setSite('site', [CRANE], [{ id: 0, equipmentId: 'crane', tag: 'windSpeed', type: 'float32' }]);
  session.setEngine(engine);
  return { client: undefined, session, telemetry };
}

const inServices = (app: AppServices, node: ReactNode) => renderToStaticMarkup(createElement(ServicesContext.Provider, { value: app }, node));

/** A panel readout of the wind, `ageMs` after its confirmation. */
function ReadoutOfWind({ now }: { now: number }) {
  return createElement(Readout, { name: 'windSpeed', view: useTag(CRANE, 'windSpeed', now) });
}
const readout = (quality: Quality, ageMs = 100, value?: number, engine: 'connected' | 'lost' = 'connected') => inServices(services(quality, value, engine), createElement(ReadoutOfWind, { now: T0 + ageMs }));
const row = (quality: Quality, ageMs = 100, engine: 'connected' | 'lost' = 'connected') => inServices(services(quality, undefined, engine), createElement('table', null, createElement('tbody', null, createElement(TagRow, { equipment: CRANE, name: 'windSpeed', now: T0 + ageMs }))));
const keyValue = (quality: Quality, engineLive = true) => inServices(services(quality), createElement(KeyValue, { tag: WIND, signalId: 0, engineLive }));
/** The status word shown, if any. */
const mark = (html: string) => /data-testid="value-status">([^<]*)</.exec(html)?.[1];

describe('value status', () => {
  it('names bad, stale and uncertain apart; only good confirmed in time (and with the engine link) is good', () => {
    expect(valueStatus(Quality.good, 100, STALE_AFTER)).toBe('good');
    expect(valueStatus(Quality.uncertain, 100, STALE_AFTER)).toBe('uncertain');
    expect(valueStatus(Quality.bad, 100, STALE_AFTER)).toBe('bad');
    expect(valueStatus(Quality.stale, 100, STALE_AFTER)).toBe('stale'); // engine-marked
    expect(valueStatus(Quality.good, STALE_AFTER + 1, STALE_AFTER)).toBe('stale'); // aged out
    expect(valueStatus(Quality.uncertain, STALE_AFTER + 1, STALE_AFTER)).toBe('stale'); // old before doubtful
    expect(valueStatus(Quality.bad, STALE_AFTER + 1, STALE_AFTER)).toBe('bad'); // the last news was an error
    expect(valueStatus(Quality.good, 100, STALE_AFTER, false)).toBe('stale'); // no engine link: nothing confirms it
    expect(valueStatus(undefined, undefined)).toBe('none');
    expect(statusOf(9, true)).toBe('bad'); // an unknown code is never taken for good
  });

  it('judges facts only on live good values: uncertain is not live either', () => {
    expect(isStale(Quality.uncertain, 100, STALE_AFTER)).toBe(true);
    expect(isStale(Quality.good, 100, STALE_AFTER)).toBe(false);
    expect(fresh({ value: 18, stale: isStale(Quality.uncertain, 100, STALE_AFTER) })).toBeUndefined();
    expect(freshIs({ value: 1, stale: isStale(Quality.uncertain, 100, STALE_AFTER) }, 1)).toBe(false);
  });
});

describe('a panel readout in each state', () => {
  it('good: live, no mark', () => {
    const html = readout(Quality.good);
    expect(html).toContain('class="readout value-good"');
    expect(mark(html)).toBeUndefined();
    expect(html).toContain('12.30');
  });

  it('uncertain: the number kept, dimmed and marked uncertain', () => {
    const html = readout(Quality.uncertain);
    expect(html).toContain('class="readout not-live value-uncertain"');
    expect(mark(html)).toBe('uncertain');
    expect(html).toContain('12.30');
  });

  it('bad (a device exception: NaN): marked bad, not only a dash', () => {
    const html = readout(Quality.bad, 100, Number.NaN);
    expect(html).toContain('class="readout not-live value-bad"');
    expect(mark(html)).toBe('bad');
    expect(html).toContain('<strong>—</strong>'); // no number: nothing to strike out
    expect(readout(Quality.bad)).toContain('<strong class="struck">12.30</strong>'); // a number it carries is no reading
  });

  it('with the engine link lost, a good value just confirmed is stale (nothing confirms it any more); a bad one stays bad', () => {
    const lost = readout(Quality.good, 100, undefined, 'lost');
    expect(lost).toContain('class="readout not-live value-stale"');
    expect(mark(lost)).toBe('stale');
    expect(mark(readout(Quality.bad, 100, undefined, 'lost'))).toBe('bad');
    expect(row(Quality.good, 100, 'lost')).toContain('<tr class="not-live value-stale"');
  });

  it('stale, engine-marked or aged out: marked stale', () => {
    expect(mark(readout(Quality.stale))).toBe('stale');
    const aged = readout(Quality.good, STALE_AFTER + 500);
    expect(aged).toContain('class="readout not-live value-stale"');
    expect(mark(aged)).toBe('stale');
  });

  it('in Chinese', () => {
    // setLocale tags the page's language; markup rendering has no page, so a stand-in document takes it.
    const world = globalThis as { document?: unknown };
    const hadDocument = 'document' in world;
    world.document ??= { documentElement: {} };
    setLocale('zh-CN');
    try {
      expect(mark(readout(Quality.bad))).toBe('坏值');
      expect(mark(readout(Quality.uncertain))).toBe('不确定');
      expect(mark(readout(Quality.stale))).toBe('过期');
      expect(readout(Quality.uncertain)).toContain(`title="${catalogs['zh-CN']['value.status.uncertainHelp']}"`);
    } finally {
      setLocale('en');
      if (!hadDocument) delete world.document;
    }
  });
});

describe('an "All signals" row and an overview key value in each state', () => {
  it('the row names the status and dims', () => {
    expect(row(Quality.good)).toContain('<tr class="value-good"');
    expect(mark(row(Quality.bad))).toBe('bad');
    expect(mark(row(Quality.uncertain))).toBe('uncertain');
    expect(row(Quality.uncertain)).toContain('<tr class="not-live value-uncertain"');
    expect(mark(row(Quality.stale))).toBe('stale');
    expect(mark(row(Quality.good, STALE_AFTER + 1))).toBe('stale');
  });

  it('the key value names the status and dims; without the engine link a good value is stale, a bad one stays bad', () => {
    expect(keyValue(Quality.good)).toContain('class="kv value-good"');
    expect(mark(keyValue(Quality.good))).toBeUndefined();
    expect(mark(keyValue(Quality.bad))).toBe('bad');
    expect(keyValue(Quality.uncertain)).toContain('class="kv not-live value-uncertain"');
    expect(mark(keyValue(Quality.uncertain))).toBe('uncertain');
    expect(mark(keyValue(Quality.stale))).toBe('stale');
    expect(mark(keyValue(Quality.good, false))).toBe('stale');
    expect(mark(keyValue(Quality.bad, false))).toBe('bad');
  });
});
