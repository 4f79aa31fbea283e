import type { Ack, AppErrorBody, CommandInput, ScreenItem } from '@agora/shared';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSend, SyncStatus } from '../../realtime/session-store.ts';
import type { ModeratorSession } from '../../state/session.state.ts';
import {
  moderatorList,
  screenSplit,
  type Interaction,
  type ModInteractionsState,
} from '../../state/interactions.state.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { useNow } from '../../ui/use-now.ts';
import { CloudForm } from '../wordcloud/CloudForm.tsx';
import { PollForm } from '../polls/PollForm.tsx';
import { ModeratorCloudItem } from './ModeratorCloudItem.tsx';
import { ModeratorPollItem } from './ModeratorPollItem.tsx';

/** The moderator's session store: its state, and `send`, which applies each answer at once. */
type Sync = { state: ModeratorSession | null; status: SyncStatus; send: SessionSend };
type Editing = { kind: 'poll' | 'cloud'; id: string | null } | null;
type ScreenInput = CommandInput<'screen:show'>['item'];
/** Sends a command and keeps the refusal to show; resolves to whether it succeeded. */
type Run = <T>(p: Promise<Ack<T>>) => Promise<boolean>;

const sameItem = (screen: ScreenItem | null, item: Interaction) =>
  screen !== null && screen.kind === item.kind && screen.id === item.id;

/** The « Sondages et nuages » tab of the moderator console. */
export function ModeratorInteractions({ sync }: { sync: Sync }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Editing>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const state = sync.state?.interactions ?? null;
  const screen = sync.state?.live.screen ?? null;
  const list = useMemo(() => (state ? moderatorList(state) : []), [state]);
  const closing = list.some((i) => i.status === 'closing');
  // Countdowns run on the server's clock: a phone set a minute wrong still closes on time.
  const now = useNow(closing) + (state?.clockOffsetMs ?? 0);

  const run: Run = async (p) => {
    setBusy(true);
    const ack = await p;
    setBusy(false);
    setError(ack.ok ? null : ack.error);
    return ack.ok;
  };

  if (!state) {
    return sync.status.kind === 'error' ? (
      <ErrorMessage error={sync.status.error} />
    ) : (
      <p className="muted">{t('app.loading')}</p>
    );
  }
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
      {editing && (
        <InteractionEditor
          editing={editing}
          state={state}
          busy={busy}
          send={sync.send}
          run={run}
          onDone={() => setEditing(null)}
        />
      )}
      {list.length === 0 && <p className="muted">{t('manage.empty')}</p>}
      <ul className="mod-list">
        {list.map((item) => (
          <InteractionRow
            key={item.id}
            item={item}
            state={state}
            screen={screen}
            now={now}
            send={sync.send}
            run={run}
            onEdit={() => setEditing({ kind: item.kind, id: item.id })}
          />
        ))}
      </ul>
    </section>
  );
}

/** The form that prepares a new poll or cloud, or edits a draft. */
function InteractionEditor({
  editing,
  state,
  busy,
  send,
  run,
  onDone,
}: {
  editing: NonNullable<Editing>;
  state: ModInteractionsState;
  busy: boolean;
  send: SessionSend;
  run: Run;
  onDone: () => void;
}) {
  const { id } = editing;
  if (editing.kind === 'poll') {
    return (
      <PollForm
        key={id ?? 'new'}
        poll={id ? (state.polls.get(id) ?? null) : null}
        busy={busy}
        onCancel={onDone}
        onSave={async (draft) => {
          const ok = await run(
            id
              ? send('poll:update', { pollId: id, draft })
              : send('poll:create', { sessionId: state.sessionId, draft }),
          );
          if (ok) onDone();
        }}
      />
    );
  }
  return (
    <CloudForm
      key={id ?? 'new'}
      cloud={id ? (state.clouds.get(id) ?? null) : null}
      busy={busy}
      onCancel={onDone}
      onSave={async (draft) => {
        const ok = await run(
          id
            ? send('cloud:update', { cloudId: id, draft })
            : send('cloud:create', { sessionId: state.sessionId, draft }),
        );
        if (ok) onDone();
      }}
    />
  );
}

/** One poll or cloud of the list, wired to its commands. */
function InteractionRow({
  item,
  state,
  screen,
  now,
  send,
  run,
  onEdit,
}: {
  item: Interaction;
  state: ModInteractionsState;
  screen: ScreenItem | null;
  now: number;
  send: SessionSend;
  run: Run;
  onEdit: () => void;
}) {
  const onScreen = sameItem(screen, item);
  const show = (next: ScreenInput) => run(send('screen:show', { sessionId: state.sessionId, item: next }));
  const common = {
    connected: state.connected,
    onScreen,
    now,
    edit: onEdit,
    show: () => void show(onScreen ? null : { kind: item.kind, id: item.id }),
  };
  if (item.kind === 'poll') {
    const pollId = item.id;
    return (
      <ModeratorPollItem
        poll={item}
        results={state.pollResults.get(pollId) ?? null}
        splitOnScreen={screenSplit(screen, pollId)}
        showSplit={(split) => show({ kind: 'poll', id: pollId, split })}
        {...common}
        open={() => void run(send('poll:open', { pollId }))}
        close={() => void run(send('poll:close', { pollId }))}
        reveal={(revealed) => void run(send('poll:reveal', { pollId, revealed }))}
      />
    );
  }
  const cloudId = item.id;
  return (
    <ModeratorCloudItem
      cloud={item}
      results={state.cloudResults.get(cloudId) ?? null}
      {...common}
      open={() => void run(send('cloud:open', { cloudId }))}
      close={() => void run(send('cloud:close', { cloudId }))}
      reveal={(revealed) => void run(send('cloud:reveal', { cloudId, revealed }))}
      hideWord={(key, hidden) => void run(send('cloud:hide', { cloudId, key, hidden }))}
    />
  );
}
