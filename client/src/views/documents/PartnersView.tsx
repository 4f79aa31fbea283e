import './documents.css';
import type { AppErrorBody, EditionContent, PartnerView as Partner, Role } from '@agora/shared';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/http.ts';
import { navigate, paths } from '../../router.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Header } from '../../ui/Header.tsx';
import { Link } from '../../ui/Link.tsx';
import { UserText } from '../../ui/UserText.tsx';
import { useAsync } from '../../ui/use-async.ts';
import { useFrenchSpacing } from '../../ui/use-french-spacing.ts';
import { contentAgain, loadContent } from './content-data.ts';
import { DocumentList } from './DocumentList.tsx';

/** « Village des partenaires »: the list of stands, or one partner's page. */
export function PartnersView({ slug, partnerId }: { slug: string; partnerId: string | null }) {
  const { t } = useTranslation();
  const [reload, setReload] = useState(0);
  const visited = useRef(new Set<string>());
  const data = useAsync(() => loadContent(slug), [slug, reload], contentAgain);

  const role = data.kind === 'done' && data.value.kind === 'ok' ? data.value.role : null;
  useEffect(() => {
    // One visit per opening of the page, not per reload of its data (a contact sent reloads it).
    if (!partnerId || !role || visited.current.has(partnerId)) return;
    visited.current.add(partnerId);
    void api.partnerVisit(slug, partnerId, role);
  }, [slug, partnerId, role]);

  useEffect(() => {
    if (data.kind === 'done' && data.value.kind === 'joinFirst')
      navigate(`${paths.join(slug)}?next=${encodeURIComponent(paths.partners(slug))}`, { replace: true });
  }, [data, slug]);

  if (data.kind === 'loading' || data.value.kind !== 'ok') {
    return (
      <>
        <Header />
        <main id="main" className="page">
          {data.kind === 'done' && data.value.kind === 'error' ? (
            <ErrorMessage error={data.value.error} retrying />
          ) : (
            <p className="muted">{t('app.loading')}</p>
          )}
        </main>
      </>
    );
  }
  const { content, programme } = data.value;
  const partner = partnerId ? content.partners.find((p) => p.id === partnerId) : null;

  return (
    <>
      <Header title={programme.edition.name} home={paths.programme(slug)} />
      <main id="main" className="page">
        <p>
          <Link href={paths.programme(slug)}>{t('app.backToProgramme')}</Link> ·{' '}
          <Link href={paths.documents(slug)}>{t('content.documents')}</Link>
        </p>
        {partner ? (
          <PartnerPage
            slug={slug}
            role={data.value.role}
            partner={partner}
            content={content}
            onChange={() => setReload((n) => n + 1)}
          />
        ) : (
          <>
            <h1>{t('content.village')}</h1>
            {content.partners.length === 0 && <p>{t('content.noPartners')}</p>}
            <ul className="partner-grid">
              {content.partners.map((p) => (
                <li key={p.id} className="card partner-card" data-testid="partner">
                  <Link href={paths.partner(slug, p.id)}>
                    {p.logoUrl && <img className="partner-logo" src={p.logoUrl} alt="" />}
                    <strong>
                      <UserText text={p.name} />
                    </strong>
                  </Link>
                  {p.tier && (
                    <span className="badge">
                      <UserText text={p.tier} />
                    </span>
                  )}
                  {p.stand && <span className="muted small">{t('content.stand', { stand: p.stand })}</span>}
                </li>
              ))}
            </ul>
          </>
        )}
      </main>
    </>
  );
}

function PartnerPage({
  slug,
  role,
  partner,
  content,
  onChange,
}: {
  slug: string;
  role: Role;
  partner: Partner;
  content: EditionContent;
  onChange: () => void;
}) {
  const { t } = useTranslation();
  const spaced = useFrenchSpacing();
  const [consent, setConsent] = useState(false);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<AppErrorBody | null>(null);
  const left = content.myContacts.includes(partner.id);

  const documents = content.documents.filter((d) => d.partnerIds.includes(partner.id));
  const send = async () => {
    const answer = await api.leaveContact(slug, partner.id, message);
    setError(answer.ok ? null : answer.error);
    if (answer.ok) onChange();
  };
  const withdraw = async () => {
    const answer = await api.withdrawContact(slug, partner.id);
    setError(answer.ok ? null : answer.error);
    if (answer.ok) onChange();
  };
  return (
    <article className="partner-page" data-testid="partner-page">
      <p>
        <Link href={paths.partners(slug)}>{t('content.allPartners')}</Link>
      </p>
      {partner.logoUrl && <img className="partner-logo large" src={partner.logoUrl} alt="" />}
      <h1>
        <UserText text={partner.name} />
      </h1>
      <p className="session-meta">
        {partner.tier && (
          <span className="badge">
            <UserText text={partner.tier} />
          </span>
        )}
        {partner.stand && <span>{t('content.stand', { stand: partner.stand })}</span>}
      </p>
      {partner.description && (
        <p>
          <UserText text={partner.description} />
        </p>
      )}
      {partner.website && (
        <p>
          <a href={partner.website} target="_blank" rel="noopener noreferrer">
            {t('content.website')}
          </a>
        </p>
      )}
      {documents.length > 0 && (
        <section>
          <h2>{t('content.partnerDocuments')}</h2>
          <DocumentList slug={slug} role={role} documents={documents} />
        </section>
      )}
      {role === 'participant' && (
        <section className="card contact-box">
          <h2>{t('content.contactTitle')}</h2>
          <ErrorMessage error={error} />
          {left ? (
            <>
              <p data-testid="contact-left">{t('content.contactLeft')}</p>
              <button type="button" className="button" onClick={() => void withdraw()}>
                {t('content.contactWithdraw')}
              </button>
            </>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void send();
              }}
            >
              <label className="field">
                {t('content.contactMessage')}
                <textarea value={message} maxLength={500} onChange={(e) => setMessage(e.target.value)} />
              </label>
              <label className="check">
                <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />{' '}
                {t('content.contactConsent', { name: spaced(partner.name) })}
              </label>
              <button type="submit" className="button primary" disabled={!consent}>
                {t('content.contactSend')}
              </button>
            </form>
          )}
        </section>
      )}
    </article>
  );
}
