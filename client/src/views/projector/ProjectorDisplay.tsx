import type { Programme, ProgrammeSession, PublicQuestion } from '@agora/shared';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../../state/connection.state.ts';
import type { ProjectorScreen } from '../../state/session.state.ts';
import { paths } from '../../router.ts';
import { shortUrl } from '../../ui/format.ts';
import { QrCode } from '../../ui/QrCode.tsx';
import { publicLink, sessionNumber } from '../join/session-number.ts';
import { ProjectorHistory } from './ProjectorHistory.tsx';
import { JoinCorner, ProjectorCloud, ProjectorPoll } from './ProjectorInteraction.tsx';
import type { AppliedLook } from './projector-look.ts';
import './projector-themes.css';
import { useFitToBox } from './use-fit-to-box.ts';
import { UserText } from '../../ui/UserText.tsx';

/**
 * The projector's picture of one session, drawn from one state object (`screen`) in its frame's
 * units: the whole screen on the projector's page, the console's preview box for moderators. The
 * preview is a `div` (the console has its own `main`), hidden from screen readers: the console's
 * « À l'écran » panel says the same in words.
 */
export function ProjectorDisplay({
  programme,
  session,
  screen,
  black,
  connection,
  look,
  preview = false,
}: {
  programme: Programme;
  session: ProgrammeSession;
  screen: ProjectorScreen;
  black: boolean;
  connection: ConnectionState;
  look: AppliedLook;
  preview?: boolean;
}) {
  const { t } = useTranslation();
  // The QR and the short address lead into this session's room after joining, not to the programme.
  const slug = programme.edition.slug;
  const qrUrl = publicLink(programme, paths.session(slug, session.id));
  const n = sessionNumber(programme.sessions, session.id);
  const shortAddress = shortUrl(n === null ? qrUrl : publicLink(programme, paths.sessionNumber(slug, n)));
  const corner = screen.kind !== 'join';

  let content;
  let stage: string = screen.kind;
  if (screen.kind === 'poll') {
    stage = `poll-${screen.poll.id}`;
    content = <ProjectorPoll poll={screen.poll} results={screen.results} split={screen.split} />;
  } else if (screen.kind === 'cloud') {
    stage = `cloud-${screen.cloud.id}`;
    content = <ProjectorCloud cloud={screen.cloud} results={screen.results} />;
  } else if (screen.kind === 'history') {
    content = <ProjectorHistory questions={screen.questions} />;
  } else if (screen.kind === 'question') {
    stage = `question-${screen.question.id}`;
    content = <OnScreen q={screen.question} />;
  } else {
    content = <JoinInstructions qrUrl={qrUrl} shortAddress={shortAddress} />;
  }

  const Root = preview ? 'div' : 'main';
  return (
    <Root
      className={`projector theme-${look.theme}${black ? ' is-black' : ''}${corner ? ' has-corner' : ''}`}
      style={look.style}
      data-testid="projector"
      data-screen={screen.kind}
      data-theme={look.theme}
      data-black={black}
      data-connection={connection}
    >
      <header className="projector-top">
        <span className="projector-session" data-testid="projector-session-title">
          <UserText text={session.title} />
        </span>
        <span className="projector-brand">
          {look.logo && <img className="projector-logo" src={look.logo} alt="" />}
          <span className="projector-edition">
            <UserText text={programme.edition.name} />
          </span>
        </span>
      </header>
      {/* Keyed by what is shown: each change fades in once (not at every vote). */}
      <div className="projector-stage" key={stage}>
        {content}
      </div>
      {corner && <JoinCorner joinUrl={qrUrl} address={shortAddress} />}
      {connection !== 'connected' && (
        <span className="projector-offline" aria-hidden="true" title={t(`connection.${connection}`)} />
      )}
    </Root>
  );
}

/**
 * Larger text for shorter questions, so a one-liner fills the screen (u, before the fit shrinks a
 * long one to what the screen holds).
 */
function questionSize(text: string): CSSProperties {
  const n = text.length;
  return { '--size': n <= 80 ? 5.2 : n <= 160 ? 4.2 : n <= 280 ? 3.4 : 3 } as CSSProperties;
}

function OnScreen({ q }: { q: PublicQuestion }) {
  const { t } = useTranslation();
  // A vote count with one more digit can wrap the meta line: fit again then, not on every vote.
  const box = useFitToBox<HTMLElement>([q.text, q.authorName], { followTexts: true });
  return (
    <section
      ref={box}
      className="projector-question projector-fit"
      aria-live="polite"
      data-testid="projector-question"
      data-question-id={q.id}
    >
      <blockquote
        className="projector-text"
        style={questionSize(q.text)}
        data-testid="projector-question-text"
      >
        <UserText text={q.text} />
      </blockquote>
      <footer className="projector-meta">
        <span className="projector-author" data-testid="projector-author">
          {q.authorName ?? t('projector.anonymous')}
        </span>
        <span className={`projector-badge mode-${q.authorMode}`}>
          {q.authorMode === 'onsite' ? t('projector.inRoom') : t('projector.remote')}
        </span>
        <span className="projector-votes" data-testid="projector-votes" data-count={q.votes}>
          ▲ {q.votes}
          <span className="sr-only"> {t('audience.votes', { count: q.votes })}</span>
        </span>
      </footer>
    </section>
  );
}

/**
 * The address on one line across the frame: a monospace glyph is about 0.6 em wide and the line
 * about 90 % of the frame's width; at most 9 % of its height.
 */
function addressSize(address: string): string {
  return `min(9cqh, ${(90 / (0.62 * Math.max(address.length, 1))).toFixed(2)}cqw)`;
}

function JoinInstructions({ qrUrl, shortAddress: address }: { qrUrl: string; shortAddress: string }) {
  const { t } = useTranslation();
  return (
    <section className="projector-join" data-testid="projector-join" data-qr-url={qrUrl}>
      <div className="projector-join-text">
        <h1 className="projector-join-title">{t('projector.join')}</h1>
      </div>
      <QrCode value={qrUrl} label={t('projector.qrLabel', { url: address })} />
      <div className="projector-join-address">
        <p className="projector-join-line">{t('projector.address')}</p>
        <p
          className="projector-address"
          style={{ fontSize: addressSize(address) }}
          data-testid="projector-address"
        >
          {address}
        </p>
        <p className="projector-join-line">{t('projector.withCode')}</p>
        <p className="projector-join-line muted">{t('projector.scan')}</p>
      </div>
    </section>
  );
}
