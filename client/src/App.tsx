import type { AppErrorBody } from '@agora/shared';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate, parseRoute, replaceUrl, useLocation, type Route } from './router.ts';
import { Header } from './ui/Header.tsx';
import { ViewErrorBoundary } from './ui/ViewErrorBoundary.tsx';
import { afterJoinPath, joinWithCode } from './views/join/code-join.ts';
import { JoinView } from './views/join/JoinView.tsx';
import { SessionByNumber } from './views/join/SessionByNumber.tsx';
import { HomeView } from './views/HomeView.tsx';

/**
 * Each view past the join page is a chunk of its own, fetched when its route is first shown: the
 * join page loads only itself, the phone's session room never downloads the moderator's or the
 * projector's code, and the QR library comes only with the projector.
 */
const OrganizerApp = lazy(() => import('./views/organizer/OrganizerApp.tsx'));
const AudienceView = lazy(() =>
  import('./views/audience/AudienceView.tsx').then((m) => ({ default: m.AudienceView })),
);
const ModeratorView = lazy(() =>
  import('./views/moderator/ModeratorView.tsx').then((m) => ({ default: m.ModeratorView })),
);
const ProjectorView = lazy(() =>
  import('./views/projector/ProjectorView.tsx').then((m) => ({ default: m.ProjectorView })),
);
const ProgrammeView = lazy(() =>
  import('./views/programme/ProgrammeView.tsx').then((m) => ({ default: m.ProgrammeView })),
);
const DocumentsView = lazy(() =>
  import('./views/documents/DocumentsView.tsx').then((m) => ({ default: m.DocumentsView })),
);
const DocumentPage = lazy(() =>
  import('./views/documents/DocumentPage.tsx').then((m) => ({ default: m.DocumentPage })),
);
const ReplayView = lazy(() =>
  import('./views/watch/ReplayView.tsx').then((m) => ({ default: m.ReplayView })),
);
const ReplayCatalogueView = lazy(() =>
  import('./views/watch/ReplayCatalogueView.tsx').then((m) => ({ default: m.ReplayCatalogueView })),
);
const PartnersView = lazy(() =>
  import('./views/documents/PartnersView.tsx').then((m) => ({ default: m.PartnersView })),
);

/**
 * Any route carrying `?code=` joins with it first, then drops it from the address so the code
 * does not stay in the history or get shared with a screenshot of the URL bar.
 */
function useCodeFromUrl(route: Route, search: string) {
  const params = new URLSearchParams(search);
  const code = params.get('code');
  const slug = 'slug' in route ? route.slug : null;
  const [state, setState] = useState<
    { kind: 'idle' } | { kind: 'joining' } | { kind: 'failed'; error: AppErrorBody; code: string }
  >(code && slug ? { kind: 'joining' } : { kind: 'idle' });
  const started = useRef<string | null>(null);

  useEffect(() => {
    if (!code || !slug || started.current === code) return;
    started.current = code;
    setState({ kind: 'joining' });
    void joinWithCode(slug, code).then((res) => {
      const rest = new URLSearchParams(window.location.search);
      rest.delete('code');
      const query = rest.toString();
      const here = window.location.pathname + (query ? `?${query}` : '');
      if (!res.ok) {
        setState({ kind: 'failed', error: res.error, code });
        replaceUrl(here);
        return;
      }
      setState({ kind: 'idle' });
      if (route.name === 'join') navigate(afterJoinPath(slug, rest.get('next')), { replace: true });
      else replaceUrl(here);
    });
  }, [code, slug, route.name]);

  // Once the join page got in (by a retry or another code), the link's failure is over.
  const clear = useCallback(() => setState({ kind: 'idle' }), []);
  return { ...state, clear };
}

function RouteView() {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  const route = parseRoute(pathname);
  const joining = useCodeFromUrl(route, search);

  useEffect(() => {
    document.body.dataset.view = route.name;
  }, [route.name]);

  if (joining.kind === 'joining') {
    return (
      <>
        <Header />
        <main id="main" className="page narrow">
          <p className="muted" role="status">
            {t('join.joining')}
          </p>
        </main>
      </>
    );
  }
  if (joining.kind === 'failed' && 'slug' in route) {
    return (
      <JoinView
        slug={route.slug}
        next={route.name === 'join' ? null : pathname}
        initialError={joining.error}
        initialCode={joining.code}
        onJoined={joining.clear}
      />
    );
  }

  switch (route.name) {
    case 'join':
      return (
        <JoinView
          key={route.slug}
          slug={route.slug}
          next={new URLSearchParams(search).get('next')}
          initialError={null}
        />
      );
    case 'programme':
      return <ProgrammeView key={route.slug} slug={route.slug} />;
    case 'documents':
      return <DocumentsView key={route.slug} slug={route.slug} />;
    case 'document':
      return <DocumentPage key={route.documentId} slug={route.slug} documentId={route.documentId} />;
    case 'partners':
    case 'partner':
      return (
        <PartnersView
          key={route.slug}
          slug={route.slug}
          partnerId={route.name === 'partner' ? route.partnerId : null}
        />
      );
    case 'session':
      return <AudienceView key={route.sessionId} slug={route.slug} sessionId={route.sessionId} />;
    case 'replays':
      return <ReplayCatalogueView key={route.slug} slug={route.slug} />;
    case 'replay':
      return <ReplayView key={route.sessionId} slug={route.slug} sessionId={route.sessionId} />;
    case 'sessionNumber':
      return <SessionByNumber key={pathname} slug={route.slug} number={route.number} />;
    case 'moderate':
      return <ModeratorView key={route.sessionId} slug={route.slug} sessionId={route.sessionId} />;
    case 'projector':
      return <ProjectorView key={route.sessionId} slug={route.slug} sessionId={route.sessionId} />;
    case 'organizer':
      return <OrganizerApp />;
    case 'home':
      return <HomeView />;
    case 'notFound':
      return (
        <>
          <Header />
          <main id="main" className="page narrow">
            <h1>{t('app.name')}</h1>
            <p>{t('app.notFound')}</p>
          </main>
        </>
      );
  }
}

export function App() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <ViewErrorBoundary resetKey={pathname}>
      <Suspense fallback={<p className="muted page">{t('app.loading')}</p>}>
        <RouteView />
      </Suspense>
    </ViewErrorBoundary>
  );
}
