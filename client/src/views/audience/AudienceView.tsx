import '../../i18n/watch.ts';
import {
  audienceIncludes,
  type Me,
  type MyQuestion,
  type Programme,
  type PublicQuestion,
  type ProgrammeSession,
} from '@agora/shared';
import { useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { playable, SessionPlayer, WhyNot } from '../../features/player/SessionPlayer.tsx';
import { useSessionWatch } from '../../features/player/use-session-watch.ts';
import { ParticipantInteractions } from '../../features/interactions/ParticipantInteractions.tsx';
import { AskForm } from '../../features/questions/AskForm.tsx';
import { AudienceAnnouncer } from '../../features/questions/AudienceAnnouncer.tsx';
import { ModeBadge, StatusBadge } from '../../features/questions/badges.tsx';
import { QuestionState } from '../../features/questions/SubmissionState.tsx';
import { VoteButton } from '../../features/questions/VoteButton.tsx';
import { useConnectionState } from '../../realtime/hooks.ts';
import { useOutbox } from '../../realtime/outbox.ts';
import { useAudienceSession } from '../../realtime/session-store.ts';
import { getSocket } from '../../realtime/socket.ts';
import { paths } from '../../router.ts';
import {
  heldOrder,
  myQuestions,
  pendingSummary,
  visibleQuestions,
  type AudienceSort,
} from '../../state/audience.state.ts';
import { displayedVote, pendingQuestions, pendingUpvotes, type PendingText } from '../../state/outbox.ts';
import { projectorScreen } from '../../state/session.state.ts';
import { myQuestionState, outboxState } from '../../state/submissions.ts';
import type { ConnectionState } from '../../state/connection.state.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { formatTime } from '../../ui/format.ts';
import { ConnectionBadge, Header } from '../../ui/Header.tsx';
import { Link } from '../../ui/Link.tsx';
import { SessionDocuments } from '../documents/SessionDocuments.tsx';
import { SessionGate } from '../SessionGate.tsx';
import { UserText } from '../../ui/UserText.tsx';
import { useKeepInPlace } from '../../ui/use-keep-in-place.ts';

const ROLES = ['participant'] as const;

export function AudienceView({ slug, sessionId }: { slug: string; sessionId: string }) {
  return (
    <SessionGate slug={slug} sessionId={sessionId} roles={ROLES}>
      {(ctx) => <AudienceRoom me={ctx.me} programme={ctx.programme} session={ctx.session} />}
    </SessionGate>
  );
}

function AudienceRoom({
  me,
  programme,
  session: initialSession,
}: {
  me: Me;
  programme: Programme;
  session: ProgrammeSession;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const socket = getSocket('participant');
  const connection = useConnectionState(socket);
  const sync = useAudienceSession(socket, initialSession.id);
  const { acked } = sync;
  const live = sync.state?.live;
  const session = initialSession;
  const policy = live?.policy ?? session.policy;
  // The server decides again with the same rule; this only shows or hides the controls.
  const canAsk = audienceIncludes(policy.ask, me.attendance);
  const canUpvote = audienceIncludes(policy.upvote, me.attendance);
  // Answers land on the session's snapshot once this connection's join brought it.
  const ready = sync.status.kind === 'ready';
  const outbox = useOutbox(programme.edition.slug, me.id, socket, session.id, {
    'question:ask': { ready, onAcked: (data) => acked({ name: 'question:ask', data }) },
    'question:upvote': { ready, onAcked: (data) => acked({ name: 'question:upvote', data }) },
    'poll:vote': { ready, onAcked: (data) => acked({ name: 'poll:vote', data }) },
    'cloud:submit': { ready, onAcked: (data) => acked({ name: 'cloud:submit', data }) },
  });
  const upvotesPending = useMemo(() => pendingUpvotes(outbox.items, session.id), [outbox.items, session.id]);
  const ask = (text: string, anonymous: boolean) =>
    outbox.submit('question:ask', (clientId) => ({ sessionId: session.id, clientId, text, anonymous }));
  const [sort, setSort] = useState<AudienceSort>('votes');
  const tz = programme.edition.timeZone;
  const slug = programme.edition.slug;
  // Remote people watch by default; people in the hall see the panel alone and may open the video.
  const [videoOpen, setVideoOpen] = useState(me.attendance !== 'onsite');
  const { watch, renew } = useSessionWatch(slug, session.id, me.role, session);
  const withVideo = videoOpen && playable(watch);
  // Busy until the first snapshot (while the link is up) and what can be watched arrived: the room
  // fills above the ask form meanwhile. Reconnections keep the state shown, so they are not busy.
  const busy = watch === null || (sync.status.kind === 'loading' && connection !== 'reconnecting');

  const state = sync.state?.qa ?? null;
  const ranked = useMemo(() => (state ? visibleQuestions(state, sort) : []), [state, sort]);
  // The order shown stays as it was (see `heldOrder`) until the person asks for the new one or
  // changes the sort; `held` follows what is shown (updated while rendering, as React allows for
  // state derived from the previous render: one more render, no effect).
  const [held, setHeld] = useState<{ sort: AudienceSort; ids: readonly string[] } | null>(null);
  const list = held && held.sort === sort ? heldOrder(held.ids, ranked) : ranked;
  if (held?.sort !== sort || !sameOrder(held.ids, list)) setHeld({ sort, ids: list.map((q) => q.id) });
  // The shown list holds the same questions as the ranking (see `heldOrder`): only the order differs.
  const reordered = list.some((q, i) => q.id !== ranked[i]?.id);
  const mine = useMemo(() => (state ? myQuestions(state) : []), [state]);
  const pending = state ? pendingSummary(state) : null;
  const shown = sync.state ? projectorScreen(sync.state) : null;
  const onScreen = shown?.kind === 'question' ? shown.question : null;

  // What the person is using stays in its place while the moderator's cards come and go above it.
  const page = useRef<HTMLElement>(null);
  const keptRoom = useRef<HTMLDivElement>(null);
  useKeepInPlace(page, keptRoom);

  // An unacknowledged toggle shows at once; the next toggle is computed from what is shown.
  const voteOf = (q: PublicQuestion) =>
    displayedVote(q.votes, state?.myUpvotes.has(q.id) ?? false, upvotesPending.get(q.id));
  const toggleVote = (q: PublicQuestion) =>
    outbox.submit('question:upvote', () => ({ questionId: q.id, up: !voteOf(q).upvoted }));

  return (
    <>
      <Header title={programme.edition.name} home={paths.programme(programme.edition.slug)}>
        <ConnectionBadge state={connection} />
      </Header>
      <main
        ref={page}
        id="main"
        className={`page narrow audience${withVideo ? ' with-player' : ''}`}
        aria-busy={busy}
      >
        <AudienceAnnouncer
          state={sync.state}
          queued={connection === 'connected' ? 0 : outbox.items.length}
          askQueued={
            connection === 'connected' ? 0 : outbox.items.filter((i) => i.command === 'question:ask').length
          }
        />
        <p className="back">
          <Link href={paths.programme(programme.edition.slug)}>{t('app.backToProgramme')}</Link>
        </p>
        <header className="session-head">
          <span className={`badge kind-${session.kind}`}>{t(`programme.${session.kind}`)}</span>
          <h1 data-testid="session-title">
            <UserText text={session.title} />
          </h1>
          <p className="muted small">
            {formatTime(session.startsAt, i18n.language, tz)}–{formatTime(session.endsAt, i18n.language, tz)}
            {session.room ? ` · ${session.room}` : ''}
          </p>
          {playable(watch) && (
            <p className="player-toggle">
              <button
                type="button"
                className={videoOpen ? 'button' : 'button primary'}
                aria-pressed={videoOpen}
                onClick={() => setVideoOpen((o) => !o)}
                data-testid="toggle-player"
              >
                {videoOpen ? t('watch.hide') : t('watch.show')}
              </button>
            </p>
          )}
          {me.attendance !== 'onsite' && watch?.ok && !playable(watch) && (
            <WhyNot watch={watch.data} timeZone={tz} startsAt={session.startsAt} />
          )}
        </header>

        <div className={withVideo ? 'room-columns' : 'room-single'}>
          {withVideo && (
            <div className="room-video">
              <SessionPlayer
                slug={slug}
                session={session}
                watch={watch}
                renew={renew}
                socket={socket}
                timeZone={tz}
              />
            </div>
          )}
          {/* One column with the player beside it: the room kept for what went away above (while the
              person is using the form or the list), then the panel. */}
          <div className="room-side">
            <div ref={keptRoom} aria-hidden="true" data-testid="kept-room" />
            <div className="room-panel">
              {sync.status.kind === 'error' && <ErrorMessage error={sync.status.error} />}

              <ParticipantInteractions
                state={sync.state?.interactions ?? null}
                outbox={outbox}
                policy={policy}
                me={me}
                sending={outboxState(connection)}
              />

              {onScreen && (
                <section
                  className="on-screen card"
                  aria-labelledby={`${id}-onscreen`}
                  data-testid="audience-on-screen"
                >
                  <h2 id={`${id}-onscreen`} className="card-title">
                    <span className="badge on-air">{t('audience.onScreen')}</span>
                  </h2>
                  <p className="question-text">
                    <UserText text={onScreen.text} />
                  </p>
                </section>
              )}

              {canAsk ? (
                <AskForm onAsk={ask} offline={connection !== 'connected'} />
              ) : (
                <p className="policy card" data-testid="policy-ask">
                  {policy.ask === 'nobody' ? t('audience.policyAskNobody') : t('audience.policyAsk')}
                </p>
              )}
              <ErrorMessage error={outbox.errorOf('question:ask', session.id)} testId="ask-error" />

              <MyQuestions
                mine={mine}
                outbox={pendingQuestions(outbox.items, session.id)}
                connection={connection}
                onScreenId={onScreen?.id ?? null}
              />

              <section aria-labelledby={`${id}-list`} className="questions">
                <div className="list-head">
                  <h2 id={`${id}-list`}>{t('audience.questions')}</h2>
                  <div className="segmented" role="group" aria-label={t('audience.sortLabel')}>
                    <button
                      type="button"
                      aria-pressed={sort === 'votes'}
                      onClick={() => setSort('votes')}
                      data-testid="sort-votes"
                    >
                      {t('audience.sortVotes')}
                    </button>
                    <button
                      type="button"
                      aria-pressed={sort === 'recent'}
                      onClick={() => setSort('recent')}
                      data-testid="sort-recent"
                    >
                      {t('audience.sortRecent')}
                    </button>
                  </div>
                </div>
                {/* Its line is kept when there is nothing to say: the list must not move when it shows. */}
                <p className="reorder" data-visible={reordered}>
                  <span className="muted small">{t('audience.reorderHint')}</span>
                  <button
                    type="button"
                    className="button small-button"
                    onClick={() => setHeld({ sort, ids: ranked.map((q) => q.id) })}
                    disabled={!reordered}
                    data-testid="questions-reorder"
                  >
                    {t('audience.reorder')}
                  </button>
                </p>
                {!canUpvote && (
                  <p id={`${id}-novote`} className="muted small">
                    {t('audience.policyUpvote')}
                  </p>
                )}
                <ErrorMessage error={outbox.errorOf('question:upvote', session.id)} testId="vote-error" />
                {state && list.length === 0 && (
                  <p className="muted">{canAsk ? t('audience.none') : t('audience.noneYet')}</p>
                )}
                <ul className="question-list">
                  {list.map((q) => (
                    <li
                      key={q.id}
                      className={`question card${onScreen?.id === q.id ? ' is-on-screen' : ''}${q.status === 'answered' ? ' is-answered' : ''}`}
                      data-testid="audience-question"
                      data-question-id={q.id}
                    >
                      <VoteButton
                        {...voteOf(q)}
                        disabled={!canUpvote}
                        describedBy={canUpvote ? undefined : `${id}-novote`}
                        onToggle={() => toggleVote(q)}
                      />
                      <div className="question-body">
                        <p className="question-text">
                          <UserText text={q.text} />
                        </p>
                        <p className="question-meta">
                          <span>{q.authorName ?? t('audience.anonymousAuthor')}</span>
                          <ModeBadge mode={q.authorMode} />
                          {q.status === 'answered' && <StatusBadge status="answered" />}
                          {onScreen?.id === q.id && (
                            <span className="badge on-air">{t('audience.onScreen')}</span>
                          )}
                        </p>
                      </div>
                    </li>
                  ))}
                </ul>
                {/* After the list: it comes and goes with other people's questions, and above the list
                  it moved every vote button (only the session's documents are below it now). */}
                {pending && pending.all > 0 && (
                  <p className="pending-count" data-testid="pending-count">
                    {pending.mine === 0
                      ? t('audience.pendingAll', { count: pending.all })
                      : pending.mine >= pending.all
                        ? t('audience.pendingOnlyMine', { count: pending.mine })
                        : t('audience.pendingWithMine', { count: pending.mine, all: pending.all })}
                  </p>
                )}
              </section>
              <SessionDocuments slug={programme.edition.slug} sessionId={session.id} />
            </div>
          </div>
        </div>
      </main>
    </>
  );
}

/** The participant's own questions, each with where it stands: on the phone, sent, then the server's say. */
function MyQuestions({
  mine,
  outbox,
  connection,
  onScreenId,
}: {
  mine: MyQuestion[];
  outbox: PendingText[];
  connection: ConnectionState;
  onScreenId: string | null;
}) {
  const { t } = useTranslation();
  const id = useId();
  // A question acked but still in storage (another tab) would show twice: the server copy wins.
  const sent = new Set(mine.map((q) => q.clientId));
  const waiting = outbox.filter((o) => !sent.has(o.clientId));
  return (
    <section aria-labelledby={`${id}-mine`} className="mine" data-testid="my-questions">
      <h2 id={`${id}-mine`}>{t('audience.mine')}</h2>
      {mine.length === 0 && waiting.length === 0 && <p className="muted small">{t('audience.mineEmpty')}</p>}
      <ul className="question-list compact">
        {waiting.map((o) => (
          <li
            key={o.clientId}
            className="question card mine-item is-outbox"
            data-testid="my-question"
            data-client-id={o.clientId}
            data-state={outboxState(connection)}
          >
            <div className="question-body">
              <p className="question-text">
                <UserText text={o.text} />
              </p>
              <p className="question-meta">
                <QuestionState state={outboxState(connection)} />
              </p>
            </div>
          </li>
        ))}
        {mine.map((q) => (
          <li
            key={q.id}
            className="question card mine-item"
            data-testid="my-question"
            data-question-id={q.id}
            data-status={q.status}
            data-state={myQuestionState(q, onScreenId)}
          >
            <div className="question-body">
              <p className="question-text">
                <UserText text={q.text} />
              </p>
              <p className="question-meta">
                <QuestionState state={myQuestionState(q, onScreenId)} />
                {q.status !== 'pending' && q.status !== 'rejected' && (
                  <span className="muted small">{t('audience.votes', { count: q.votes })}</span>
                )}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Whether `ids` lists the questions of `list` in the same order. */
function sameOrder(ids: readonly string[], list: readonly PublicQuestion[]): boolean {
  return ids.length === list.length && list.every((q, i) => q.id === ids[i]);
}
