import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Header } from './Header.tsx';

/** What a view that failed shows instead of a blank page: what happened, and a way to try again. */
function ViewFailed() {
  const { t } = useTranslation();
  return (
    <>
      <Header />
      <main id="main" className="page narrow">
        <p className="error" role="alert" data-testid="view-failed">
          {t('app.viewFailed')}
        </p>
        <button
          type="button"
          className="button primary"
          data-testid="view-reload"
          onClick={() => window.location.reload()}
        >
          {t('app.reload')}
        </button>
      </main>
    </>
  );
}

/**
 * Catches a view that throws while it renders. The views past the join page are chunks fetched
 * when first shown (App.tsx): a chunk lost on the hall's Wi-Fi rejects its import, and without a
 * boundary React unmounts the whole app (a blank page). A browser keeps a failed module import
 * failed, so trying again means reloading the page. `resetKey` (the address) clears the failure when
 * the person goes elsewhere.
 */
export class ViewErrorBoundary extends Component<
  { resetKey: string; children: ReactNode },
  { failedAt: string | null }
> {
  override state: { failedAt: string | null } = { failedAt: null };

  static getDerivedStateFromError(): Partial<{ failedAt: string | null }> {
    return { failedAt: window.location.pathname };
  }

  override render(): ReactNode {
    if (this.state.failedAt !== null && this.state.failedAt === this.props.resetKey) return <ViewFailed />;
    return this.props.children;
  }
}
