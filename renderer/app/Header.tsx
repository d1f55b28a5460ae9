/**
 * The header on every screen, one compact row (see header.css): title and site, navigation, link health, who is
 * logged in, locale switch, stop. Where the link badges would not fit, the navigation takes a second line.
 */
import { useRef } from 'react';
import { AlarmNavLink } from '../alarms/AlarmNavLink';
import { siteLabel } from '../equipment/labels';
import { HeaderInputItems } from '../input/HeaderInputItems';
import { LinkHealth } from '../latency/LinkHealth';
import { chooseLocale, useI18n } from '../i18n/i18n';
import { useSession } from '../stores/hooks';
import { routeHref, type Route } from './route';
import { StopButton } from './StopButton';
import { useHeaderNarrow } from './use-header-fit';
import { UserBadge } from './UserBadge';
import './header.css';

const PAGES = ['overview', 'equipment', 'trends', 'diagnostics'] as const;

/** Header with navigation; `route` marks the current page. */
export function Header({ route }: { route: Route }) {
  const { t, locale } = useI18n();
  const session = useSession();
  const siteName = siteLabel(session.siteLabel, session.siteName, locale);
  const header = useRef<HTMLElement>(null);
  const narrow = useHeaderNarrow(header, '.link-health', '.link-badges');
  return (
    <header className={narrow ? 'header header-narrow' : 'header'} ref={header} data-testid="header">
      {/* The site is what the operator needs to see; the application's name is in the window title and said to screen readers. */}
      <div className="title" title={`${t('app.title')} — ${siteName}`}>
        <h1 className="visually-hidden">{t('app.title')}</h1>
        <span className="site-name" data-testid="site-name">
          {siteName}
        </span>
      </div>
      <nav className="nav">
        {PAGES.map((page) => (
          <a key={page} href={routeHref({ page })} aria-current={route.page === page ? 'page' : undefined}>
            {t(`nav.${page}`)}
          </a>
        ))}
        <a href={routeHref({ page: 'link' })} aria-current={route.page === 'link' ? 'page' : undefined}>
          {t('linkui.nav')}
        </a>
        <AlarmNavLink route={route} />
        <a href={routeHref({ page: 'audit' })} aria-current={route.page === 'audit' ? 'page' : undefined} data-testid="nav-audit">
          {t('hdr.audit')}
        </a>
      </nav>
      <LinkHealth />
      <button type="button" className="locale" onClick={() => chooseLocale(locale === 'en' ? 'zh-CN' : 'en')}>
        {t('locale.switch')}
      </button>
      <HeaderInputItems />
      <UserBadge />
      <StopButton route={route} />
    </header>
  );
}
