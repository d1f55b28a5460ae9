/** The link page (#/link): the console link, the link lab switch (demo runs), then every connection's figures. */
import { useEffect } from 'react';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../stores/hooks';
import { ConnectionLink } from './ConnectionLink';
import { ConsoleLinkFigures } from './ConsoleLinkFigures';
import { LabSwitch } from './LabSwitch';
import { useLinkHealth, useLinkServices } from './link-services';
import './link.css';

/** Link health in detail. */
export function LinkPage() {
  const { link, clock } = useLinkServices();
  const snapshot = useLinkHealth();
  const session = useSession();
  const { t } = useI18n();
  useEffect(() => link.wantHistory(), [link]);
  const offsetMs = clock.offsetMs ?? 0;
  return (
    <div className="link-page" data-testid="link-page">
      <h2>{t('linkui.page.title')}</h2>
      <p className="muted link-intro">{t('linkui.page.intro')}</p>
      {snapshot.pollError && <p className="refusal">{t('linkui.page.pollError', { message: snapshot.pollError })}</p>}
      <div className="link-top">
        <ConsoleLinkFigures />
        {snapshot.lab && <LabSwitch lab={snapshot.lab} />}
      </div>
      {snapshot.stats.size === 0 && <p className="muted">{t('linkui.page.waiting')}</p>}
      {[...snapshot.stats.values()].map((stats) => (
        <ConnectionLink key={stats.connectionId} stats={stats} status={session.connections.get(stats.connectionId)} equipment={session.equipment.filter((e) => e.connectionId === stats.connectionId)} link={snapshot} offsetMs={offsetMs} />
      ))}
    </div>
  );
}
