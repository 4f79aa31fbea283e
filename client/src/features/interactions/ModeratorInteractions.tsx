import type { Ack, AppErrorBody, CommandInput, ScreenItem } from '@agora/shared';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { useModerationInteractions } from '../../realtime/interactions-sync.ts';
import { command, type AgoraSocket } from '../../realtime/socket.ts';
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

type Sync = ReturnType<typeof useModerationInteractions>;
type Editing = { kind: 'poll' | 'cloud'; id: string | null } | null;
type ScreenInput = CommandInput<'screen:show'>['item'];
/** Sends a command, applies its answer and keeps the refusal to show; resolves to whether it succeeded. */
type Run = <T>(p: Promise<Ack<T>>, apply: (data: T) => void) => Promise<boolean>;

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

  const run: Run = async (p, apply) => {
    setBusy(true);
    const ack = await p;
    setBusy(false);
    if (ack.ok) {
      apply(ack.data);
      setError(null);
    } else setError(ack.error);
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
          socket={socket}
          sync={sync}
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
            now={now}
            socket={socket}
            sync={sync}
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
  socket,
  sync,
  run,
  onDone,
}: {
  editing: NonNullable<Editing>;
  state: ModInteractionsState;
  busy: boolean;
  socket: AgoraSocket;
  sync: Sync;
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
              ? command(socket, 'poll:update', { pollId: id, draft })
              : command(socket, 'poll:create', { sessionId: state.sessionId, draft }),
            sync.applyPoll,
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
            ? command(socket, 'cloud:update', { cloudId: id, draft })
            : command(socket, 'cloud:create', { sessionId: state.sessionId, draft }),
          sync.applyCloud,
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
  now,
  socket,
  sync,
  run,
  onEdit,
}: {
  item: Interaction;
  state: ModInteractionsState;
  now: number;
  socket: AgoraSocket;
  sync: Sync;
  run: Run;
  onEdit: () => void;
}) {
  const onScreen = sameItem(state.screen, item);
  const show = (screen: ScreenInput) =>
    run(command(socket, 'screen:show', { sessionId: state.sessionId, item: screen }), (data) =>
      sync.applyScreen(data.screen),
    );
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
        splitOnScreen={screenSplit(state, pollId)}
        showSplit={(split) => show({ kind: 'poll', id: pollId, split })}
        {...common}
        open={() => void run(command(socket, 'poll:open', { pollId }), sync.applyPoll)}
        close={() => void run(command(socket, 'poll:close', { pollId }), sync.applyPoll)}
        reveal={(revealed) => void run(command(socket, 'poll:reveal', { pollId, revealed }), sync.applyPoll)}
      />
    );
  }
  const cloudId = item.id;
  return (
    <ModeratorCloudItem
      cloud={item}
      results={state.cloudResults.get(cloudId) ?? null}
      {...common}
      open={() => void run(command(socket, 'cloud:open', { cloudId }), sync.applyCloud)}
      close={() => void run(command(socket, 'cloud:close', { cloudId }), sync.applyCloud)}
      reveal={(revealed) => void run(command(socket, 'cloud:reveal', { cloudId, revealed }), sync.applyCloud)}
      hideWord={(key, hidden) => void run(command(socket, 'cloud:hide', { cloudId, key, hidden }), () => {})}
    />
  );
}
