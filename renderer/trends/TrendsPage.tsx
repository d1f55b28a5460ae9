/**
 * The trends page: tag picker on the left, time window tools and one chart per unit on the right. The selection
 * (tags, span, end) lives in the URL hash so a trend can be bookmarked; the charts are fed by a TrendController.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { translate, useI18n } from '../i18n/i18n';
import { useServices, useSession } from '../stores/hooks';
import { TagPicker } from './TagPicker';
import { TrendChart, type ChartActions } from './TrendChart';
import { TrendToolbar } from './TrendToolbar';
import { TrendController } from './trend-controller';
import { groupByUnit, staleAfterBySignal, trendTags, unrecordedKeys } from './trend-tags';
import { formatSelection, pan, parseSelection, selectRange, zoom, type TrendSelection } from './trend-view';
import './trends.css';

const LAST_KEY = 'rec-trends-last';

/** Writes the selection into the hash without a navigation (no history entry per zoom step), and remembers it. */
function writeHash(selection: TrendSelection): void {
  const query = formatSelection(selection);
  if (window.location.hash !== `#/trends?${query}`) window.history.replaceState(null, '', `#/trends?${query}`);
  try {
    sessionStorage.setItem(LAST_KEY, query);
  } catch {
    // storage disabled: the hash alone keeps it
  }
}

/** The hash's selection; a bare `#/trends` (the navigation link) brings back the last trend of this window. */
function readHash(): TrendSelection {
  const hash = window.location.hash;
  if (hash.includes('?')) return parseSelection(hash);
  try {
    return parseSelection(`?${sessionStorage.getItem(LAST_KEY) ?? ''}`);
  } catch {
    return parseSelection('');
  }
}

/** The trends page. */
export function TrendsPage() {
  const { t, locale } = useI18n();
  const services = useServices();
  const session = useSession();
  const root = useRef<HTMLDivElement>(null);
  const [selection, setSelection] = useState(readHash);
  const [queryError, setQueryError] = useState<string | undefined>();
  const [historyEmpty, setHistoryEmpty] = useState(false);
  const engineNow = () => services.telemetry.clock.toEngine(Date.now());

  const controller = useMemo(() => {
    // Thresholds by signal, made again when the site changes (asked per live signal at every tick).
    let thresholds: { of: unknown; bySignal: Map<number, number> } | undefined;
    const staleAfterMs = (signalId: number) => {
      const { equipment, signalIds } = services.session.getSnapshot();
      if (thresholds?.of !== equipment) thresholds = { of: equipment, bySignal: staleAfterBySignal(equipment, signalIds) };
      return thresholds.bySignal.get(signalId);
    };
    return new TrendController({
      telemetry: services.telemetry,
      now: () => services.telemetry.clock.toEngine(Date.now()),
      engineLinked: () => services.session.getSnapshot().engine === 'connected',
      staleAfterMs,
      query: async (signalIds, from, to, widthPx) => {
        const client = services.client;
        if (!client) throw new Error(translate('trends.exportNeedsEngine'));
        return (await client.request('history.query', { signalIds, from: Math.round(from), to: Math.round(to), widthPx })).series;
      },
      onQuery: ({ range, widthPx, error, points }) => {
        setQueryError(error);
        setHistoryEmpty(!error && points === 0);
        const el = root.current;
        if (!el) return;
        // Test and support hook: what the last history query asked for, written to the DOM.
        el.dataset.queries = String(Number(el.dataset.queries ?? 0) + 1);
        el.dataset.queryFrom = String(Math.round(range.from));
        el.dataset.queryTo = String(Math.round(range.to));
        el.dataset.queryWidth = String(widthPx);
        el.dataset.queryPoints = String(points);
      },
    });
  }, [services]); // one controller for the page's lifetime
  useEffect(() => () => controller.dispose(), [controller]);

  useEffect(() => {
    const onHash = () => {
      if (window.location.hash.startsWith('#/trends')) setSelection(readHash());
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (session.engine === 'connected') controller.linkUp();
  }, [session.engine, controller]);

  useEffect(() => {
    writeHash(selection);
    controller.setSelection(selection);
  }, [selection, controller]);

  const tags = useMemo(() => trendTags(session.equipment, session.signalIds, locale), [session.equipment, session.signalIds, locale]);
  const selected = selection.tags.flatMap((key) => tags.filter((tag) => tag.key === key));
  const absent = tags.length > 0 ? selection.tags.filter((key) => !tags.some((tag) => tag.key === key)) : [];
  const unrecorded = unrecordedKeys(session.equipment, absent);
  const unknown = absent.filter((key) => !unrecorded.includes(key));
  const groups = groupByUnit(selected);
  // A fixed window whose history holds nothing for these tags (a live one may still fill).
  const nothingRecorded = historyEmpty && selection.end !== undefined && groups.length > 0;

  const actions: ChartActions = {
    selectRange: (range) => setSelection((s) => selectRange(s, range, engineNow())),
    zoom: (factor, at) => setSelection((s) => zoom(s, engineNow(), factor, at)),
    pan: (fraction) => setSelection((s) => pan(s, engineNow(), fraction)),
    live: () => setSelection((s) => ({ tags: s.tags, span: s.span })),
    resized: () => controller.resized(),
  };

  return (
    <div className="trends" ref={root} data-testid="trends-page">
      <h2>{t('trends.heading')}</h2>
      <div className="trends-columns">
        <TagPicker tags={tags} selected={selection.tags} onChange={(keys) => setSelection((s) => ({ ...s, tags: keys }))} />
        <section className="trend-main">
          <TrendToolbar selection={selection} setSelection={setSelection} actions={actions} selected={selected} now={engineNow} nothingRecorded={nothingRecorded} />
          {queryError && (
            <p role="alert" className="refusal">
              {t('trends.queryFailed', { message: queryError })}
            </p>
          )}
          {unknown.length > 0 && <p className="muted">{t('trends.unknownTag', { tags: unknown.join(', ') })}</p>}
          {unrecorded.length > 0 && <p className="muted">{t('trends.notRecorded', { tags: unrecorded.join(', ') })}</p>}
          {groups.length === 0 && <p className="trend-empty">{t('trends.none')}</p>}
          {groups.map((group) => (
            <TrendChart key={group.key} group={group} controller={controller} actions={actions} />
          ))}
          {groups.length > 0 && (
            <p className="muted trend-notes">
              {t('trends.gapNote')} {t('trends.uncertainNote')} {t('trends.keys')}
            </p>
          )}
        </section>
      </div>
    </div>
  );
}
