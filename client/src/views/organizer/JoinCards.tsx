import type { IssuedCode } from '@agora/shared';
import { useTranslation } from 'react-i18next';
import { QrCode } from '../../ui/QrCode.tsx';
import './join-cards.css';

/**
 * The codes just issued as printable cards, one per person: the name, a QR code of the personal
 * link (scanned, it joins in one tap: `/e/<slug>?code=…`) and the code itself, for typing. Printed,
 * the page shows these cards only.
 */
export function JoinCards({ codes }: { codes: readonly Pick<IssuedCode, 'name' | 'code' | 'link'>[] }) {
  const { t } = useTranslation();
  return (
    <section className="join-cards" aria-labelledby="join-cards-title" data-testid="join-cards">
      <div className="join-cards-head">
        <h3 id="join-cards-title" className="card-title">
          {t('organizer.codes.cardsTitle')}
        </h3>
        <p className="muted small">{t('organizer.codes.cardsHint')}</p>
        <button
          type="button"
          className="button primary"
          onClick={() => window.print()}
          data-testid="cards-print"
        >
          {t('organizer.codes.print')}
        </button>
      </div>
      <ul className="join-cards-list">
        {codes.map((c) => (
          <li key={c.code} className="join-card" data-testid="join-card">
            <QrCode
              value={c.link}
              label={t('organizer.codes.cardQr', { name: c.name })}
              testId="join-card-qr"
            />
            <div className="join-card-text">
              <p className="join-card-name">{c.name}</p>
              <p className="small">{t('organizer.codes.cardScan')}</p>
              <p className="small">
                {t('organizer.codes.code')}&nbsp;: <code className="code-value">{c.code}</code>
              </p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
