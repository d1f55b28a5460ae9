/** Picks the tags to trend: numeric tags by equipment with site labels and units, a search box, checkboxes. */
import { useId, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { formatInterval } from './trend-format';
import { countTrendable, searchTags, type TrendTag } from './trend-tags';

/** Most tags one history query takes. */
export const MAX_TAGS = 32;

/** The picker; `selected` holds `equipmentId/tag` keys. */
export function TagPicker({ tags, selected, onChange }: { tags: TrendTag[]; selected: readonly string[]; onChange(keys: string[]): void }) {
  const { t, locale } = useI18n();
  const [query, setQuery] = useState('');
  const searchId = useId();
  const shown = searchTags(tags, query);
  const byEquipment = new Map<string, TrendTag[]>();
  for (const tag of shown) byEquipment.set(tag.equipmentId, [...(byEquipment.get(tag.equipmentId) ?? []), tag]);
  const picked = countTrendable(tags, selected);
  const full = picked >= MAX_TAGS;
  const toggle = (key: string, on: boolean) => onChange(on ? [...selected, key] : selected.filter((k) => k !== key));
  const row = (tag: TrendTag) => {
    const on = selected.includes(tag.key);
    return (
      <label key={tag.key} className="trend-tag" title={tag.key} data-testid={`trend-tag-${tag.key}`}>
        <input type="checkbox" checked={on} disabled={!on && full} onChange={(e) => toggle(tag.key, e.target.checked)} />
        <span>
          {tag.label}
          {tag.historyEveryMs !== undefined && (
            <small className="trend-paced" title={t('trends.pacedHint', { every: formatInterval(tag.historyEveryMs, locale, t) })}>
              {t('trends.paced', { every: formatInterval(tag.historyEveryMs, locale, t) })}
            </small>
          )}
        </span>
        {tag.unit && <span className="trend-unit">{tag.unit}</span>}
      </label>
    );
  };
  return (
    <section className="trend-picker" aria-label={t('trends.tags')}>
      <label htmlFor={searchId} className="trend-search-label">
        {t('trends.search')}
      </label>
      <input id={searchId} type="search" className="trend-search" placeholder={t('trends.searchHint')} value={query} onChange={(e) => setQuery(e.target.value)} data-testid="trend-search" />
      <p className="trend-count muted">
        {t('trends.selected', { n: picked, max: MAX_TAGS })}{' '}
        {picked > 0 && (
          <button type="button" onClick={() => onChange([])}>
            {t('trends.clear')}
          </button>
        )}
      </p>
      {full && <p className="muted">{t('trends.maxTags', { max: MAX_TAGS })}</p>}
      {shown.length === 0 && <p className="muted">{t('trends.noMatch', { q: query })}</p>}
      <div className="trend-tag-list">
        {[...byEquipment.values()].map((list) => (
          <fieldset key={list[0]?.equipmentId} className="trend-equipment">
            <legend>{list[0]?.equipment}</legend>
            {list.filter((tag) => tag.labelled).map(row)}
            <MoreTags tags={list.filter((tag) => !tag.labelled)} open={query.trim() !== '' || list.some((tag) => !tag.labelled && selected.includes(tag.key))} row={row} />
          </fieldset>
        ))}
      </div>
    </section>
  );
}

/** Tags the site file does not name (engineering tags), folded away unless searched for or picked. */
function MoreTags({ tags, open, row }: { tags: TrendTag[]; open: boolean; row(tag: TrendTag): React.ReactNode }) {
  const { t } = useI18n();
  if (tags.length === 0) return null;
  // Keyed by `open` so a search or a pick among them unfolds the list; otherwise the user's toggle rules.
  return (
    <details key={String(open)} className="trend-more" open={open}>
      <summary>{t('trends.moreTags', { n: tags.length })}</summary>
      {tags.map(row)}
    </details>
  );
}
