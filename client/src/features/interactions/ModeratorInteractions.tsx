import type {
  AppErrorBody,
  Cloud,
  CommandInput,
  ModCloudResults,
  Poll,
  PollResults,
  ScreenItem,
  Session,
} from '@agora/shared';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { useModerationInteractions } from '../../realtime/interactions-sync.ts';
import { command, type AgoraSocket } from '../../realtime/socket.ts';
import {
  moderatorList,
  participationRate,
  remoteRemainingMs,
  screenSplit,
  type Interaction,
  type ModInteractionsState,
  type Presence,
} from '../../state/interactions.state.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { formatCountdown, useNow } from '../../ui/use-now.ts';
import { CloudForm } from '../wordcloud/CloudForm.tsx';
import { PollForm } from '../polls/PollForm.tsx';
import { ResultBars } from '../polls/ResultBars.tsx';

type Sync = ReturnType<typeof useModerationInteractions>;
type Editing = { kind: 'poll' | 'cloud'; id: string | null } | null;
type Ack<T> = { ok: true; data: T } | { ok: false; error: AppErrorBody };
type ScreenInput = CommandInput<'screen:show'>['item'];

const sameItem = (screen: ScreenItem | null, item: Interaction) =>
  screen !== null && screen.kind === item.kind && screen.id === item.id;

/** The « Sondages et nuages » tab of the moderator console. */
export function ModeratorInteractions({ socket, sync }: { socket: AgoraSocket; sync: Sync }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Editing>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const state = sync.state;
  const list = useMemo(() => (state ? moderatorList(state) : []), [state]);
  const closing = list.some((i) => i.status === 'closing');
  // Countdowns run on the server's clock: a phone set a minute wrong still closes on time.
  const now = useNow(closing) + (state?.clockOffsetMs ?? 0);

  const run = async <T,>(p: Promise<Ack<T>>, apply: (data: T) => void): Promise<boolean> => {
    setBusy(true);
    const ack = await p;
    setBusy(false);
    if (ack.ok) {
      apply(ack.data);
      setError(null);
    } else setError(ack.error);
    return ack.ok;
  };
  const pollCmd = (p: Promise<Ack<Poll>>) => run(p, sync.applyPoll);
  const cloudCmd = (p: Promise<Ack<Cloud>>) => run(p, sync.applyCloud);
  const show = (item: ScreenInput) =>
    run(command(socket, 'screen:show', { sessionId: state!.sessionId, item }), (data) =>
      sync.applyScreen(data.screen),
    );

  if (!state) {
    return sync.status.kind === 'error' ? (
      <ErrorMessage error={sync.status.error} />
    ) : (
      <p className="muted">{t('app.loading')}</p>
    );
  }
  const editedPoll = editing?.kind === 'poll' && editing.id ? (state.polls.get(editing.id) ?? null) : null;
  const editedCloud = editing?.kind === 'cloud' && editing.id ? (state.clouds.get(editing.id) ?? null) : null;

  return (
    <section className="interactions-panel" aria-label={t('manage.tabInteractions')}>
      <div className="mod-actions toolbar">
        <button
          type="button"
          className="button primary"
          onClick={() => setEditing({ kind: 'poll', id: null })}
          data-testid="new-poll"
        >
          + {t('manage.newPoll')}
        </button>
        <button
          type="button"
          className="button primary"
          onClick={() => setEditing({ kind: 'cloud', id: null })}
          data-testid="new-cloud"
        >
          + {t('manage.newCloud')}
        </button>
      </div>
      <ErrorMessage error={error} testId="interactions-error" />
      {editing?.kind === 'poll' && (
        <PollForm
          key={editing.id ?? 'new'}
          poll={editedPoll}
          busy={busy}
          onCancel={() => setEditing(null)}
          onSave={async (draft) => {
            const ok = await pollCmd(
              editing.id
                ? command(socket, 'poll:update', { pollId: editing.id, draft })
                : command(socket, 'poll:create', { sessionId: state.sessionId, draft }),
            );
            if (ok) setEditing(null);
          }}
        />
      )}
      {editing?.kind === 'cloud' && (
        <CloudForm
          key={editing.id ?? 'new'}
          cloud={editedCloud}
          busy={busy}
          onCancel={() => setEditing(null)}
          onSave={async (draft) => {
            const ok = await cloudCmd(
              editing.id
                ? command(socket, 'cloud:update', { cloudId: editing.id, draft })
                : command(socket, 'cloud:create', { sessionId: state.sessionId, draft }),
            );
            if (ok) setEditing(null);
          }}
        />
      )}
      {list.length === 0 && <p className="muted">{t('manage.empty')}</p>}
      <ul className="mod-list">
        {list.map((item) => {
          const onScreen = sameItem(state.screen, item);
          const actions = {
            edit: () => setEditing({ kind: item.kind, id: item.id }),
            show: () => void show(onScreen ? null : { kind: item.kind, id: item.id }),
          };
          return item.kind === 'poll' ? (
            <PollItem
              key={item.id}
              poll={item}
              results={state.pollResults.get(item.id) ?? null}
              connected={state.connected}
              onScreen={onScreen}
              splitOnScreen={screenSplit(state, item.id)}
              showSplit={(split) => show({ kind: 'poll', id: item.id, split })}
              now={now}
              {...actions}
              open={() => void pollCmd(command(socket, 'poll:open', { pollId: item.id }))}
              close={() => void pollCmd(command(socket, 'poll:close', { pollId: item.id }))}
              reveal={(revealed) =>
                void pollCmd(command(socket, 'poll:reveal', { pollId: item.id, revealed }))
              }
            />
          ) : (
            <CloudItem
              key={item.id}
              cloud={item}
              results={state.cloudResults.get(item.id) ?? null}
              connected={state.connected}
              onScreen={onScreen}
              now={now}
              {...actions}
              open={() => void cloudCmd(command(socket, 'cloud:open', { cloudId: item.id }))}
              close={() => void cloudCmd(command(socket, 'cloud:close', { cloudId: item.id }))}
              reveal={(revealed) =>
                void cloudCmd(command(socket, 'cloud:reveal', { cloudId: item.id, revealed }))
              }
              hideWord={(key, hidden) =>
                void run(command(socket, 'cloud:hide', { cloudId: item.id, key, hidden }), () => {})
              }
            />
          );
        })}
      </ul>
    </section>
  );
}

type ItemProps = {
  connected: Presence | null;
  onScreen: boolean;
  now: number;
  edit: () => void;
  show: () => void;
  open: () => void;
  close: () => void;
  reveal: (revealed: boolean) => void;
};

function ItemHead({ item, title, onScreen }: { item: Interaction; title: string; onScreen: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="mod-item-head">
        <span className="badge">
          {item.kind === 'poll' ? t('interactions.poll') : t('interactions.cloud')}
        </span>
        {item.kind === 'poll' && <span className="badge">{t(`manage.kind.${item.pollKind}`)}</span>}
        <span className={`badge istatus-${item.status}`} data-testid="interaction-status">
          {t(`manage.status.${item.status}`)}
        </span>
        {item.visibility === 'hidden' && (
          <span className="badge">
            {item.revealed ? t('manage.revealedResults') : t('manage.hiddenResults')}
          </span>
        )}
        {onScreen && <span className="badge on-air">{t('manage.onScreen')}</span>}
      </div>
      <p className="question-text interaction-title">{title}</p>
    </>
  );
}

function ItemActions({ item, onScreen, locked, ...a }: ItemProps & { item: Interaction; locked: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="mod-actions" role="group" aria-label={t('manage.tabInteractions')}>
      {item.status === 'draft' && (
        <button type="button" className="button" onClick={a.edit} disabled={locked} data-testid="action-edit">
          {t('manage.edit')}
        </button>
      )}
      {(item.status === 'draft' || item.status === 'closed') && (
        <button type="button" className="button primary" onClick={a.open} data-testid="action-open">
          {item.status === 'draft' ? t('manage.open') : t('manage.reopen')}
        </button>
      )}
      {item.status === 'open' && (
        <button type="button" className="button danger" onClick={a.close} data-testid="action-close">
          {t('manage.close')}
        </button>
      )}
      {item.visibility === 'hidden' && item.status !== 'draft' && (
        <button
          type="button"
          className="button"
          aria-pressed={item.revealed}
          onClick={() => a.reveal(!item.revealed)}
          data-testid="action-reveal"
        >
          {item.revealed ? t('manage.unreveal') : t('manage.reveal')}
        </button>
      )}
      <button
        type="button"
        className={`button${onScreen ? ' danger' : ' accent'}`}
        onClick={a.show}
        data-testid={onScreen ? 'action-unscreen' : 'action-screen'}
      >
        {onScreen ? t('manage.hide') : t('manage.show')}
      </button>
    </div>
  );
}

function Countdown({ item, now }: { item: Interaction; now: number }) {
  const { t } = useTranslation();
  const remaining = remoteRemainingMs(item, now);
  if (remaining === null) return null;
  return (
    <p className="countdown" role="timer" data-testid="mod-countdown">
      {t('manage.countdown', { time: formatCountdown(remaining) })}
    </p>
  );
}

function Participation({
  count,
  connected,
  unit = 'ballots',
}: {
  count: number;
  connected: Presence | null;
  unit?: 'ballots' | 'participants';
}) {
  const { t } = useTranslation();
  const rate = participationRate(count, connected);
  return (
    <p className="participation">
      <strong data-testid="ballots-count" data-count={count}>
        {unit === 'ballots' ? t('manage.ballots', { count }) : t('interactions.participants', { count })}
      </strong>
      {' · '}
      <span data-testid="participation">
        {rate === null
          ? t('manage.participationUnknown')
          : t('manage.participation', {
              rate,
              connected: (connected?.onsite ?? 0) + (connected?.remote ?? 0),
            })}
      </span>
    </p>
  );
}

function PollItem({
  poll,
  results,
  splitOnScreen,
  showSplit,
  ...props
}: ItemProps & {
  poll: Poll;
  results: PollResults | null;
  /** The projector shows this poll split between hall and remote. */
  splitOnScreen: boolean;
  showSplit: (split: boolean) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  // Looking at the split here is private; putting it on the projector is a separate, public choice.
  const [split, setSplit] = useState(false);
  // The projector's split as just asked, until the server answers (then its state rules again).
  const [splitAsked, setSplitAsked] = useState<boolean | null>(null);
  return (
    <li
      className={`mod-item card interaction-item${props.onScreen ? ' is-on-screen' : ''}`}
      data-testid="interaction-item"
      data-kind="poll"
      data-id={poll.id}
      data-status={poll.status}
    >
      <ItemHead item={poll} title={poll.question} onScreen={props.onScreen} />
      <Countdown item={poll} now={props.now} />
      {poll.status !== 'draft' && (
        <>
          <Participation count={results?.all.ballots ?? 0} connected={props.connected} />
          {results && (
            <>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={split}
                  onChange={(e) => setSplit(e.target.checked)}
                  data-testid="split-console"
                />
                {t('manage.split')}
              </label>
              {props.onScreen && (
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={splitAsked ?? splitOnScreen}
                    onChange={async (e) => {
                      const next = e.target.checked;
                      // The console follows, so the moderator sees what the hall sees.
                      if (next) setSplit(true);
                      setSplitAsked(next);
                      await showSplit(next);
                      setSplitAsked(null);
                    }}
                    data-testid="split-screen"
                  />
                  {t('manage.splitOnScreen')}
                </label>
              )}
              {split ? (
                <div className="split-results">
                  <div>
                    <h3 className="results-title">{t('mode.onsite')}</h3>
                    <ResultBars poll={poll} tally={results.onsite} testId="results-onsite" />
                  </div>
                  <div>
                    <h3 className="results-title">{t('mode.remote')}</h3>
                    <ResultBars poll={poll} tally={results.remote} testId="results-remote" />
                  </div>
                </div>
              ) : (
                <ResultBars poll={poll} tally={results.all} testId="mod-result-bars" />
              )}
            </>
          )}
        </>
      )}
      <ItemActions item={poll} locked={(results?.all.ballots ?? 0) > 0} {...props} />
    </li>
  );
}

function CloudItem({
  cloud,
  results,
  hideWord,
  ...props
}: ItemProps & {
  cloud: Cloud;
  results: ModCloudResults | null;
  hideWord: (key: string, hidden: boolean) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const words = useMemo(
    () => [...(results?.words ?? [])].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text)),
    [results],
  );
  return (
    <li
      className={`mod-item card interaction-item${props.onScreen ? ' is-on-screen' : ''}`}
      data-testid="interaction-item"
      data-kind="cloud"
      data-id={cloud.id}
      data-status={cloud.status}
    >
      <ItemHead item={cloud} title={cloud.prompt} onScreen={props.onScreen} />
      <Countdown item={cloud} now={props.now} />
      {cloud.status !== 'draft' && (
        <>
          <Participation count={results?.participants ?? 0} connected={props.connected} unit="participants" />
          <h3 className="results-title" id={`${id}-w`}>
            {t('manage.words')}
          </h3>
          {words.length === 0 ? (
            <p className="muted small">{t('manage.noWords')}</p>
          ) : (
            <>
              {words.some((w) => w.blocked) && <p className="muted small">{t('manage.blockedHint')}</p>}
              <ul className="mod-words" aria-labelledby={`${id}-w`}>
                {words.map((w) => {
                  const held = w.hidden || w.blocked;
                  return (
                    <li
                      key={w.key}
                      className={`mod-word${held ? ' is-held' : ''}`}
                      data-testid="mod-word"
                      data-key={w.key}
                      data-hidden={w.hidden}
                      data-blocked={w.blocked}
                    >
                      <span className="mod-word-text">{w.text}</span>
                      <span
                        className="mod-word-count"
                        title={`${t('mode.onsite')} ${w.onsite} · ${t('mode.remote')} ${w.remote}`}
                      >
                        {w.count}
                      </span>
                      {w.blocked && <span className="badge status-pending">{t('manage.blocked')}</span>}
                      {w.hidden && !w.blocked && (
                        <span className="badge status-rejected">{t('manage.hidden')}</span>
                      )}
                      <button
                        type="button"
                        className="button small-button"
                        onClick={() => hideWord(w.key, !held)}
                        data-testid={held ? 'word-show' : 'word-hide'}
                      >
                        {held ? t('manage.showWord') : t('manage.hideWord')}
                      </button>
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </>
      )}
      <ItemActions item={cloud} locked={(results?.words.length ?? 0) > 0} {...props} />
    </li>
  );
}

/** The session's remote stream delay and who is connected, for the console's side column. */
export function HybridSettings({
  socket,
  session,
  state,
  onDelay,
}: {
  socket: AgoraSocket;
  session: Session;
  state: ModInteractionsState | null;
  onDelay: (seconds: number) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const current = state?.remoteDelaySeconds ?? session.remoteDelaySeconds;
  const [value, setValue] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const seconds = Number(value ?? current);
  const valid = Number.isInteger(seconds) && seconds >= 0 && seconds <= 300;
  return (
    <section className="card hybrid-settings" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`} className="card-title">
        {t('manage.delay')}
      </h2>
      <form
        className="delay-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!valid) return;
          const ack = await command(socket, 'session:set-delay', {
            sessionId: session.id,
            remoteDelaySeconds: seconds,
          });
          if (ack.ok) {
            onDelay(ack.data.remoteDelaySeconds);
            setValue(null);
            setNotice(t('manage.delaySaved'));
            setError(null);
          } else setError(ack.error);
        }}
      >
        <label htmlFor={`${id}-d`} className="sr-only">
          {t('manage.delay')}
        </label>
        <input
          id={`${id}-d`}
          type="number"
          min={0}
          max={300}
          value={value ?? String(current)}
          onChange={(e) => {
            setValue(e.target.value);
            setNotice(null);
          }}
          aria-describedby={`${id}-h`}
          data-testid="delay-input"
        />
        <span>{t('manage.delayUnit')}</span>
        <button
          type="submit"
          className="button"
          disabled={!valid || seconds === current}
          data-testid="delay-apply"
        >
          {t('manage.delayApply')}
        </button>
      </form>
      <p id={`${id}-h`} className="muted small">
        {t('manage.delayHint')}
      </p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorMessage error={error} />
      {state?.connected && (
        <p className="small" data-testid="presence">
          {t('manage.connected', state.connected)}
        </p>
      )}
    </section>
  );
}
