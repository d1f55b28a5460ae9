/**
 * Level 2: an equipment panel — the type-specific body (drawing and key values, chosen by the site's `type`) beside
 * the control section, with the link's figures on top; every signal in a collapsible table below the fold.
 */
import { useNow } from '../app/use-now';
import { useI18n } from '../i18n/i18n';
import { hasMessage } from '../i18n/messages';
import type { EquipmentSummary } from '../../shared/contract/requests/core';
import { useSession } from '../stores/hooks';
import { AllSignals } from './AllSignals';
import { ControlSection } from './control/ControlSection';
import { siteLabel } from './labels';
import { useLinkFigures } from './link-figures';
import { JogLimitLine, LinkLine } from './LinkLine';
import { PanelBody } from './panels/PanelBody';
import { PanelEquipmentContext } from './refusal-context';
import './panels/panels.css';

/** Ages refresh this often, so they move smoothly instead of jumping in whole seconds. */
const AGE_REFRESH_MS = 200;

/** The panel of equipment `id`. */
export function EquipmentPanel({ id }: { id?: string }) {
  const session = useSession();
  const { t } = useI18n();
  if (!id) return <p>{t('equipment.choose')}</p>;
  const equipment = session.equipment.find((e) => e.id === id);
  if (!equipment) return session.engine === 'connected' ? <p>{t('equipment.unknown', { id })}</p> : null;
  return <LoadedPanel key={equipment.id} equipment={equipment} />;
}

/** The panel once its equipment is known. */
function LoadedPanel({ equipment }: { equipment: EquipmentSummary }) {
  const { t, locale } = useI18n();
  const now = useNow(AGE_REFRESH_MS);
  const link = useLinkFigures(equipment.id, equipment.connectionId);
  const typeKey = `panel.type.${equipment.type}`;
  return (
    <PanelEquipmentContext.Provider value={equipment}>
      <section aria-labelledby="equipment-heading" className="equipment-panel" data-testid={`panel-${equipment.type}`}>
        <div className="panel-heading">
          <h2 id="equipment-heading">{siteLabel(equipment.label, equipment.name, locale)}</h2>
          <span className="muted">{t(hasMessage(typeKey) ? typeKey : 'panel.type.generic')}</span>
          <LinkLine link={link} />
        </div>
        <div className="panel-columns">
          <PanelBody equipment={equipment} now={now} link={link} />
          <ControlSection equipment={equipment} link={link} jogLimit={<JogLimitLine link={link} />} />
        </div>
        <AllSignals equipment={equipment} now={now} />
      </section>
    </PanelEquipmentContext.Provider>
  );
}

