/** The RTT distribution of one window as horizontal bars: bucket, share of samples, count. */
import { useI18n } from '../i18n/i18n';
import { formatFigure } from './format';

/** Bars for `counts` over `edgesMs` (the last bucket is everything above the last edge). */
export function RttHistogram({ edgesMs, counts }: { edgesMs: readonly number[]; counts: readonly number[] }) {
  const { t, locale } = useI18n();
  const total = counts.reduce((a, b) => a + b, 0);
  return (
    <table className="rtt-histogram">
      <caption>{t('linkui.hist.title')}</caption>
      <tbody>
        {counts.map((count, i) => {
          const edge = edgesMs[i];
          const label = edge === undefined ? t('linkui.hist.above', { ms: formatFigure(edgesMs.at(-1), 0, locale) }) : t('linkui.hist.upTo', { ms: formatFigure(edge, 0, locale) });
          const share = total > 0 ? (count / total) * 100 : 0;
          return (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td className="hist-bar-cell">
                <span className="hist-bar" style={{ width: `${share}%` }} />
              </td>
              <td className="num">{t('linkui.unit.pct', { value: formatFigure(share, 1, locale) })}</td>
              <td className="num muted">{count}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
