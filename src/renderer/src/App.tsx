import { useEffect, useRef } from 'react';
import { HashRouter } from 'react-router';
import { ReconnectBanner, type TransportStatusSource } from './components/ReconnectBanner';
import { SideNav } from './components/SideNav';
import { ToastArea } from './components/ToastArea';
import { TopBar } from './components/TopBar';
import { useTranslation } from './i18n';
import { ScreenRoutes } from './routing/ScreenRoutes';
import { StudioProvider, useNavigationStore, useSettingsStore } from './stores/StudioProvider';
import type { StudioStores } from './stores/studio-stores';
import { useAppliedTheme } from './theme/use-applied-theme';

/**
 * The window. The DOM order is the Tab order: the skip link, the screens' navigation, the
 * screen, then the top bar's controls; the grid in shell.css puts the top bar on top.
 */
function Shell({ transport }: { transport: TransportStatusSource }) {
  const { t } = useTranslation();
  const screen = useNavigationStore((s) => s.screen);
  const theme = useSettingsStore((s) => s.theme);
  const mainRef = useRef<HTMLElement>(null);
  useAppliedTheme(theme);
  return (
    <div className="app">
      <a
        href="#main"
        className="skip-link"
        onClick={(event) => {
          // The address holds the route; jump by focus, not by fragment.
          event.preventDefault();
          mainRef.current?.focus();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <SideNav />
      <main className="app-main" id="main" ref={mainRef} tabIndex={-1} aria-label={t(`nav.${screen}`)}>
        <ScreenRoutes />
      </main>
      <TopBar />
      <ReconnectBanner source={transport} />
      <ToastArea />
    </div>
  );
}

/** The whole window: stores in context, the shell, and a refresh whenever the link reopens. */
export function App({ stores, transport }: { stores: StudioStores; transport: TransportStatusSource }) {
  useEffect(() => {
    void stores.refreshAll();
    let wasDown = false;
    return transport.onStatus((status) => {
      if (status === 'reconnecting') wasDown = true;
      if (status === 'open' && wasDown) {
        wasDown = false;
        // Events sent while the link was down are lost; reload what they would have changed.
        void stores.refreshAll();
      }
    });
  }, [stores, transport]);

  return (
    <StudioProvider stores={stores}>
      <HashRouter>
        <Shell transport={transport} />
      </HashRouter>
    </StudioProvider>
  );
}
