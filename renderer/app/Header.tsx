/** The header on every screen: title, site, navigation, link health, who is logged in, locale switch, stop. */
import { AlarmNavLink } from '../alarms/AlarmNavLink';
import { HeaderInputItems } from '../input/HeaderInputItems';
import { LinkHealth } from '../latency/LinkHealth';
import { chooseLocale, useI18n } from '../i18n/i18n';
import { useSession } from '../stores/hooks';
import { routeHref, type Route } from './route';
import { StopButton } from './StopButton';
import { UserBadge } from './UserBadge';

const PAGES = ['overview', 'equipment', 'trends', 'diagnostics'] as const;

/** Header with navigation; `route` marks the current page. */
export function Header({ route }: { route: Route }) {
  const { t, locale } = useI18n();
  const session = useSession();
  return (
    <header className="header">
      <div className="title">
        <h1>{t('app.title')}</h1>
        <span className="site-name" data-testid="site-name">
          {session.siteName}
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
