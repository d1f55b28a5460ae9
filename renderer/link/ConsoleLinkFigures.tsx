/** The console link on the link page: frame delivery p50/p95, newest frame shown, and the clock difference used. */
import { useNow } from '../app/use-now';
import { useI18n } from '../i18n/i18n';
import { formatFigure, msDecimals } from './format';
import { useLinkServices } from './link-services';

/** Engine → this screen figures, refreshed four times a second. */
export function ConsoleLinkFigures() {
  const { latency, clock } = useLinkServices();
  const { t, locale } = useI18n();
  const now = useNow(250);
  const f = latency.figures(now, clock.offsetMs);
  const ms = (v: number | undefined) => (v === undefined ? '—' : t('linkui.unit.ms', { value: formatFigure(v, msDecimals(v), locale) }));
  return (
    <section className="link-own" data-testid="console-link-figures" aria-labelledby="link-own-title">
      <h3 id="link-own-title">{t('linkui.own.heading')}</h3>
      <dl className="link-facts">
        <dt>{t('linkui.own.delivery')}</dt>
        <dd className="num">
          {ms(f.deliveryP50Ms)} / {ms(f.deliveryP95Ms)}
        </dd>
        <dt>{t('linkui.own.newest')}</dt>
        <dd className="num">{ms(f.newestFrameAgeMs)}</dd>
        <dt>{t('linkui.own.clock')}</dt>
        <dd className="num">
          {clock.offsetMs === undefined
            ? t('linkui.console.measuring')
            : t('linkui.own.clockValue', { ms: formatFigure(clock.offsetMs, 1, locale), bound: formatFigure(clock.uncertaintyMs, 1, locale) })}
        </dd>
      </dl>
    </section>
  );
}
