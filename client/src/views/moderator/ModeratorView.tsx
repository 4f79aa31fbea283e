import {
  type AppErrorBody,
  type ModerationAction,
  type ModQuestion,
  type Programme,
  type Session,
} from '@agora/shared';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { HybridSettings, ModeratorInteractions } from '../../features/interactions/ModeratorInteractions.tsx';
import { ModeBadge, StatusBadge } from '../../features/questions/badges.tsx';
import { useModerationInteractions } from '../../realtime/interactions-sync.ts';
import { screenInteraction } from '../../state/interactions.state.ts';
import { useConnectionState } from '../../realtime/hooks.ts';
import { useModerationSession } from '../../realtime/session-sync.ts';
import { command, getSocket } from '../../realtime/socket.ts';
import { paths } from '../../router.ts';
import {
  countByStatus,
  moderationList,
  splitArrivals,
  type ModeFilter,
  type ModerationState,
  type StatusFilter,
} from '../../state/moderation.state.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { textRules } from '../../ui/length-limit.ts';
import { LengthCount, LengthMessage, useLengthLimit } from '../../ui/LengthLimit.tsx';
import { formatTime } from '../../ui/format.ts';
import { ConnectionBadge, Header } from '../../ui/Header.tsx';
import { Link } from '../../ui/Link.tsx';
import { useSessionContext } from '../session-context.ts';

const ROLES = ['moderator'] as const;
const STATUS_FILTERS: StatusFilter[] = ['pending', 'approved', 'answered', 'rejected', 'all'];
const MODE_FILTERS: ModeFilter[] = ['all', 'onsite', 'remote'];
const AT_TOP_PX = 48;

type Tab = 'questions' | 'interactions';

export function ModeratorView({ slug, sessionId }: { slug: string; sessionId: string }) {
  const { t } = useTranslation();
  const ctx = useSessionContext(slug, sessionId, ROLES);
  if (ctx.kind !== 'ready') {
    return (
      <>
        <Header home={paths.programme(slug)} />
        <main id="main" className="page">
          {ctx.kind === 'error' ? (
            <ErrorMessage error={ctx.error} />
          ) : (
            <p className="muted">{t('app.loading')}</p>
          )}
        </main>
      </>
    );
  }
  return <Console programme={ctx.programme} session={ctx.session} />;
}

function Console({ programme, session: initialSession }: { programme: Programme; session: Session }) {
  const { t, i18n } = useTranslation();
  const socket = getSocket('moderator');
  const connection = useConnectionState(socket);
  const sync = useModerationSession(socket, initialSession.id);
  const session = sync.updatedSession ?? initialSession;
  const slug = programme.edition.slug;
  const [statusFilter, setStatusFilter] = useState<StatusFilter>('pending');
  const [modeFilter, setModeFilter] = useState<ModeFilter>('all');
  // The index is kept with the id so the selection stays in place when its question leaves the view.
  const [selection, setSelection] = useState<{ id: string; index: number } | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [mergingId, setMergingId] = useState<string | null>(null);
  const [showHelp, setShowHelp] = useState(false);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const [tab, setTab] = useState<Tab>('questions');
  const interactions = useModerationInteractions(socket, initialSession.id);
  const screenItem = interactions.state ? screenInteraction(interactions.state) : null;
  const state = sync.state;

  const list = useMemo(
    () => (state ? moderationList(state, { status: statusFilter, mode: modeFilter }) : []),
    [state, statusFilter, modeFilter],
  );
  const { seen, acknowledge } = useSeenQuestions(state, editingId !== null || mergingId !== null);
  const { shown, fresh } = useMemo(() => splitArrivals(list, seen), [list, seen]);
  const counts = state ? countByStatus(state) : null;
  const onScreen = state?.onScreenId ? (state.questions.get(state.onScreenId) ?? null) : null;

  const selectedIndex = selection ? shown.findIndex((q) => q.id === selection.id) : -1;
  const selected =
    selectedIndex >= 0 ? shown[selectedIndex] : shown[Math.min(selection?.index ?? 0, shown.length - 1)];

  const run = useCallback(
    async (p: Promise<{ ok: true; data: ModQuestion } | { ok: false; error: AppErrorBody }>) => {
      const ack = await p;
      if (ack.ok) {
        sync.applyQuestion(ack.data);
        setError(null);
      } else setError(ack.error);
      return ack.ok;
    },
    [sync],
  );

  const moderate = useCallback(
    (q: ModQuestion, action: ModerationAction) =>
      run(command(socket, 'question:moderate', { questionId: q.id, action })),
    [run, socket],
  );
  const show = useCallback(
    async (questionId: string | null) => {
      const ack = await command(socket, 'projector:show', { sessionId: session.id, questionId });
      if (ack.ok) {
        sync.setOnScreen(ack.data.onScreenId);
        setError(null);
      } else setError(ack.error);
    },
    [socket, session.id, sync],
  );
  const edit = (q: ModQuestion, text: string) =>
    run(command(socket, 'question:edit', { questionId: q.id, text }));
  const merge = (source: ModQuestion, targetId: string) =>
    run(command(socket, 'question:merge', { sourceId: source.id, targetId }));

  const select = (id: string | undefined) => {
    if (!id) return;
    setSelection({ id, index: shown.findIndex((q) => q.id === id) });
    document.querySelector(`[data-question-id="${id}"]`)?.scrollIntoView({ block: 'nearest' });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (tab !== 'questions') return;
      const target = e.target as HTMLElement | null;
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)))
        return;
      const index = selected ? shown.findIndex((q) => q.id === selected.id) : -1;
      const key = e.key;
      if (key === '?') setShowHelp((v) => !v);
      else if (key === 'j') select(shown[Math.min(index + 1, shown.length - 1)]?.id);
      else if (key === 'k') select(shown[Math.max(index - 1, 0)]?.id);
      else if (!selected) return;
      else if (key === 'a') void moderate(selected, 'approve');
      else if (key === 'r') void moderate(selected, 'reject');
      else if (key === 's') void moderate(selected, selected.starred ? 'unstar' : 'star');
      else if (key === 'd') void moderate(selected, 'answer');
      else if (key === 'e') setEditingId(selected.id);
      else if (key === 'p') void show(state?.onScreenId === selected.id ? null : selected.id);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const tz = programme.edition.timeZone;
  return (
    <>
      <Header title={programme.edition.name} home={paths.programme(slug)}>
        <ConnectionBadge state={connection} />
      </Header>
      <main id="main" className="page wide moderator">
        <div className="mod-head">
          <div>
            <p className="back">
              <Link href={paths.programme(slug)}>{t('app.backToProgramme')}</Link>
            </p>
            <h1>
              <span className="muted">{t('moderator.title')} · </span>
              <span data-testid="session-title">{session.title}</span>
            </h1>
            <p className="muted small">
              <span className={`badge kind-${session.kind}`}>{t(`programme.${session.kind}`)}</span>{' '}
              {formatTime(session.startsAt, i18n.language, tz)}–
              {formatTime(session.endsAt, i18n.language, tz)}
              {session.room ? ` · ${session.room}` : ''}
            </p>
          </div>
          <div className="mod-head-actions">
            <a className="button" href={paths.projector(slug, session.id)} target="_blank" rel="noopener">
              {t('moderator.openProjector')}
            </a>
            <button
              type="button"
              className="button"
              aria-expanded={showHelp}
              onClick={() => setShowHelp((v) => !v)}
            >
              {t('moderator.helpToggle')}
            </button>
          </div>
        </div>

        <div className="tabs" role="tablist" aria-label={t('moderator.title')}>
          <TabButton name="questions" current={tab} onSelect={setTab}>
            {t('manage.tabQuestions')}
            {counts && counts.pending > 0 && <span className="count">{counts.pending}</span>}
          </TabButton>
          <TabButton name="interactions" current={tab} onSelect={setTab}>
            {t('manage.tabInteractions')}
          </TabButton>
        </div>

        <div className="mod-grid">
          {tab === 'interactions' ? (
            <div id="panel-main" role="tabpanel" aria-labelledby="tab-interactions">
              <ModeratorInteractions socket={socket} sync={interactions} />
            </div>
          ) : (
            <section className="mod-queue" id="panel-main" role="tabpanel" aria-labelledby="tab-questions">
              <div className="filters">
                <div className="segmented" role="group" aria-label={t('moderator.filterStatus')}>
                  {STATUS_FILTERS.map((s) => (
                    <button
                      key={s}
                      type="button"
                      aria-pressed={statusFilter === s}
                      onClick={() => setStatusFilter(s)}
                      data-testid={`filter-${s}`}
                    >
                      {s === 'all' ? t('moderator.all') : t(`status.${s}`)}
                      {counts && s !== 'all' && <span className="count">{counts[s]}</span>}
                    </button>
                  ))}
                </div>
                <div className="segmented" role="group" aria-label={t('moderator.filterMode')}>
                  {MODE_FILTERS.map((m) => (
                    <button
                      key={m}
                      type="button"
                      aria-pressed={modeFilter === m}
                      onClick={() => setModeFilter(m)}
                      data-testid={`mode-${m}`}
                    >
                      {m === 'all' ? t('moderator.allModes') : t(`mode.${m}`)}
                    </button>
                  ))}
                </div>
              </div>
              <ErrorMessage
                error={error ?? (sync.status.kind === 'error' ? sync.status.error : null)}
                testId="mod-error"
              />
              <div aria-live="polite" className="arrivals">
                {fresh.length > 0 && (
                  <button
                    type="button"
                    className="banner"
                    onClick={() => {
                      acknowledge(fresh.map((q) => q.id));
                      window.scrollTo({ top: 0 });
                    }}
                    data-testid="new-questions-banner"
                  >
                    {t('moderator.newBanner', { count: fresh.length })}
                  </button>
                )}
              </div>
              {state && shown.length === 0 && <p className="muted">{t('moderator.empty')}</p>}
              <ul className="mod-list">
                {shown.map((q) => (
                  <ModRow
                    key={q.id}
                    q={q}
                    state={state!}
                    selected={selected?.id === q.id}
                    editing={editingId === q.id}
                    merging={mergingId === q.id}
                    tz={tz}
                    onSelect={() => setSelection({ id: q.id, index: shown.indexOf(q) })}
                    onModerate={(a) => void moderate(q, a)}
                    onShow={(on) => void show(on ? q.id : null)}
                    onEdit={(v) => setEditingId(v ? q.id : null)}
                    onSaveEdit={async (text) => {
                      if (await edit(q, text)) setEditingId(null);
                    }}
                    onMerge={(v) => setMergingId(v ? q.id : null)}
                    onConfirmMerge={async (targetId) => {
                      if (await merge(q, targetId)) setMergingId(null);
                    }}
                  />
                ))}
              </ul>
            </section>
          )}

          <aside className="mod-side">
            <section
              className="card on-screen-panel"
              aria-labelledby="on-screen-title"
              data-testid="mod-on-screen"
            >
              <h2 id="on-screen-title" className="card-title">
                <span className="badge on-air">{t('moderator.onScreenNow')}</span>
              </h2>
              {screenItem ? (
                <>
                  <p className="question-text" data-testid="mod-on-screen-text">
                    <span className="badge">
                      {screenItem.kind === 'poll' ? t('interactions.poll') : t('interactions.cloud')}
                    </span>{' '}
                    {screenItem.kind === 'poll' ? screenItem.question : screenItem.prompt}
                  </p>
                  <button
                    type="button"
                    className="button danger"
                    onClick={async () => {
                      const ack = await command(socket, 'screen:show', { sessionId: session.id, item: null });
                      if (ack.ok) interactions.applyScreen(ack.data.screen);
                      else setError(ack.error);
                    }}
                    data-testid="clear-screen"
                  >
                    {t('moderator.clear')}
                  </button>
                </>
              ) : onScreen ? (
                <>
                  <p className="question-text" data-testid="mod-on-screen-text">
                    {onScreen.text}
                  </p>
                  <p className="question-meta">
                    <span>{onScreen.authorName ?? t('audience.anonymousAuthor')}</span>
                    <ModeBadge mode={onScreen.authorMode} />
                    <span>{t('audience.votes', { count: onScreen.votes })}</span>
                  </p>
                  <button
                    type="button"
                    className="button danger"
                    onClick={() => void show(null)}
                    data-testid="clear-screen"
                  >
                    {t('moderator.clear')}
                  </button>
                </>
              ) : (
                <p className="muted">{t('moderator.nothingOnScreen')}</p>
              )}
            </section>
            <HybridSettings
              socket={socket}
              session={session}
              state={interactions.state}
              onDelay={interactions.setDelay}
            />
            {showHelp && <HelpPanel onClose={() => setShowHelp(false)} />}
          </aside>
        </div>
      </main>
    </>
  );
}

/** One of the console's tabs; both control the same panel, `panel-main`. */
function TabButton({
  name,
  current,
  onSelect,
  children,
}: {
  name: Tab;
  current: Tab;
  onSelect: (tab: Tab) => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      role="tab"
      id={`tab-${name}`}
      aria-selected={current === name}
      aria-controls="panel-main"
      onClick={() => onSelect(name)}
      data-testid={`tab-${name}`}
    >
      {children}
    </button>
  );
}

/**
 * Ids the moderator has acknowledged. The first snapshot is all seen; later arrivals wait behind
 * the banner unless the page is scrolled to the top and no edit or merge is open.
 */
function useSeenQuestions(state: ModerationState | null, busy: boolean) {
  const [seen, setSeen] = useState<ReadonlySet<string>>(new Set());
  const initialised = useRef(false);
  const acknowledge = useCallback((ids: readonly string[]) => {
    setSeen((s) => {
      if (ids.every((id) => s.has(id))) return s;
      const n = new Set(s);
      for (const id of ids) n.add(id);
      return n;
    });
  }, []);

  useEffect(() => {
    if (!state) return;
    const unseen = [...state.questions.keys()].filter((id) => !seen.has(id));
    if (unseen.length === 0) return;
    if (!initialised.current || (window.scrollY < AT_TOP_PX && !busy)) {
      initialised.current = true;
      acknowledge(unseen);
    }
  }, [state, seen, busy, acknowledge]);

  useEffect(() => {
    const onScroll = () => {
      if (window.scrollY < AT_TOP_PX && state && !busy) acknowledge([...state.questions.keys()]);
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, [state, busy, acknowledge]);

  return { seen, acknowledge };
}

function ModRow({
  q,
  state,
  selected,
  editing,
  merging,
  tz,
  onSelect,
  onModerate,
  onShow,
  onEdit,
  onSaveEdit,
  onMerge,
  onConfirmMerge,
}: {
  q: ModQuestion;
  state: ModerationState;
  selected: boolean;
  editing: boolean;
  merging: boolean;
  tz: string;
  onSelect: () => void;
  onModerate: (a: ModerationAction) => void;
  onShow: (on: boolean) => void;
  onEdit: (on: boolean) => void;
  onSaveEdit: (text: string) => Promise<void>;
  onMerge: (on: boolean) => void;
  onConfirmMerge: (targetId: string) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const onScreen = state.onScreenId === q.id;
  const edited = q.edits.length > 0 || q.originalText !== q.text;
  return (
    <li
      className={`mod-item card${selected ? ' is-selected' : ''}${onScreen ? ' is-on-screen' : ''} status-row-${q.status}`}
      data-testid="mod-question"
      data-question-id={q.id}
      data-status={q.status}
      aria-current={selected ? 'true' : undefined}
      onClick={onSelect}
    >
      <div className="mod-item-head">
        <StatusBadge status={q.status} />
        <ModeBadge mode={q.authorMode} />
        {q.starred && (
          <span className="badge starred" aria-label={t('moderator.star')}>
            ★
          </span>
        )}
        {onScreen && <span className="badge on-air">{t('audience.onScreen')}</span>}
        <span className="mod-author">{q.authorName ?? t('audience.anonymousAuthor')}</span>
        <span className="muted small">
          <time dateTime={new Date(q.createdAt).toISOString()}>
            {formatTime(q.createdAt, i18n.language, tz)}
          </time>
        </span>
        <span className="votes-pill" title={t('audience.votes', { count: q.votes })}>
          ▲ {q.votes}
        </span>
      </div>
      {editing ? (
        <EditBox initial={q.text} onCancel={() => onEdit(false)} onSave={onSaveEdit} />
      ) : (
        <p className="question-text" data-testid="mod-question-text">
          {q.text}
        </p>
      )}
      {edited && !editing && (
        <p className="muted small edited-note">
          <span className="badge">{t('moderator.edited')}</span>{' '}
          {t('moderator.original', { text: q.originalText })}
        </p>
      )}
      {q.merged.length > 0 && (
        <p className="muted small">{t('moderator.mergedCount', { count: q.merged.length })}</p>
      )}
      {merging && <MergeBox q={q} state={state} onCancel={() => onMerge(false)} onConfirm={onConfirmMerge} />}
      {q.status !== 'merged' && !editing && !merging && (
        <div className="mod-actions" role="group" aria-label={q.text.slice(0, 60)}>
          {(q.status === 'pending' || q.status === 'rejected') && (
            <ModerateButton action="approve" label={t('moderator.approve')} primary onModerate={onModerate} />
          )}
          {(q.status === 'pending' || q.status === 'approved') && (
            <ModerateButton action="reject" label={t('moderator.reject')} onModerate={onModerate} />
          )}
          {q.status !== 'rejected' && (
            <button
              type="button"
              className={`button${onScreen ? ' danger' : ' accent'}`}
              onClick={() => onShow(!onScreen)}
              data-testid={onScreen ? 'action-hide' : 'action-show'}
            >
              {onScreen ? t('moderator.hide') : t('moderator.show')}
            </button>
          )}
          {q.status === 'approved' && (
            <ModerateButton action="answer" label={t('moderator.answered')} onModerate={onModerate} />
          )}
          {(q.status === 'answered' || q.status === 'rejected') && (
            <ModerateButton action="reopen" label={t('moderator.reopen')} onModerate={onModerate} />
          )}
          <button
            type="button"
            className="button"
            aria-pressed={q.starred}
            onClick={() => onModerate(q.starred ? 'unstar' : 'star')}
            data-testid="action-star"
          >
            {q.starred ? t('moderator.unstar') : t('moderator.star')}
          </button>
          <button type="button" className="button" onClick={() => onEdit(true)} data-testid="action-edit">
            {t('moderator.edit')}
          </button>
          <button type="button" className="button" onClick={() => onMerge(true)} data-testid="action-merge">
            {t('moderator.merge')}
          </button>
        </div>
      )}
    </li>
  );
}

function ModerateButton({
  action,
  label,
  primary = false,
  onModerate,
}: {
  action: ModerationAction;
  label: string;
  primary?: boolean;
  onModerate: (a: ModerationAction) => void;
}) {
  return (
    <button
      type="button"
      className={primary ? 'button primary' : 'button'}
      onClick={() => onModerate(action)}
      data-testid={`action-${action}`}
    >
      {label}
    </button>
  );
}

function EditBox({
  initial,
  onCancel,
  onSave,
}: {
  initial: string;
  onCancel: () => void;
  onSave: (text: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(initial);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const limit = useLengthLimit(text, textRules.question);
  const valid = limit.length > 0 && limit.fits;
  return (
    <form
      className="edit-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void onSave(limit.value);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <label htmlFor={id} className="sr-only">
        {t('moderator.edit')}
      </label>
      <textarea
        id={id}
        ref={ref}
        value={text}
        rows={3}
        aria-describedby={limit.describedBy}
        aria-invalid={limit.over > 0}
        onChange={(e) => setText(e.target.value)}
        data-testid="edit-text"
      />
      <LengthCount limit={limit} testId="edit-count" />
      <LengthMessage limit={limit} testId="edit-too-long" />
      <div className="mod-actions">
        <button type="submit" className="button primary" disabled={!valid} data-testid="edit-save">
          {t('moderator.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('moderator.cancel')}
        </button>
      </div>
    </form>
  );
}

function MergeBox({
  q,
  state,
  onCancel,
  onConfirm,
}: {
  q: ModQuestion;
  state: ModerationState;
  onCancel: () => void;
  onConfirm: (targetId: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const targets = [...state.questions.values()]
    .filter(
      (o) => o.id !== q.id && (o.status === 'approved' || o.status === 'pending' || o.status === 'answered'),
    )
    .sort((a, b) => b.votes - a.votes || b.createdAt - a.createdAt);
  const [target, setTarget] = useState(targets[0]?.id ?? '');
  return (
    <form
      className="merge-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (target) void onConfirm(target);
      }}
    >
      <label htmlFor={id} className="field-label">
        {t('moderator.mergeChoose')}
      </label>
      <select id={id} value={target} onChange={(e) => setTarget(e.target.value)} data-testid="merge-target">
        {targets.map((o) => (
          <option key={o.id} value={o.id}>
            [{t(`status.${o.status}`)} · ▲{o.votes}] {o.text.length > 90 ? `${o.text.slice(0, 90)}…` : o.text}
          </option>
        ))}
      </select>
      <div className="mod-actions">
        <button type="submit" className="button primary" disabled={!target} data-testid="merge-confirm">
          {t('moderator.mergeConfirm')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('moderator.cancel')}
        </button>
      </div>
    </form>
  );
}

function HelpPanel({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    ['j / k', t('moderator.shortcuts.jk')],
    ['a', t('moderator.shortcuts.a')],
    ['r', t('moderator.shortcuts.r')],
    ['s', t('moderator.shortcuts.s')],
    ['e', t('moderator.shortcuts.e')],
    ['p', t('moderator.shortcuts.p')],
    ['d', t('moderator.shortcuts.d')],
    [t('moderator.shortcuts.escKey'), t('moderator.shortcuts.esc')],
    ['?', t('moderator.shortcuts.help')],
  ];
  return (
    <section className="card help-panel" aria-labelledby="help-title" data-testid="help-panel">
      <h2 id="help-title" className="card-title">
        {t('moderator.help')}
      </h2>
      <dl className="shortcuts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button" onClick={onClose}>
        {t('moderator.close')}
      </button>
    </section>
  );
}
