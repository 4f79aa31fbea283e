import type { AppErrorBody } from '@agora/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModeFilter, StatusFilter } from '../../state/moderation.state.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { LiveLog } from '../../ui/LiveLog.tsx';
import type { SessionSend } from '../../realtime/session-store.ts';
import { BulkActions } from './BulkActions.tsx';
import { QuestionCard } from './QuestionCard.tsx';
import type { ModerationCommands } from './use-moderation-commands.ts';
import type { QuestionQueueState } from './use-question-queue.ts';

const STATUS_FILTERS: StatusFilter[] = ['pending', 'approved', 'answered', 'rejected', 'all'];
const MODE_FILTERS: ModeFilter[] = ['all', 'onsite', 'remote'];

/** The « Questions » tab: filters, the banner of arrivals, the list of question cards. */
export function QuestionQueue({
  queue,
  commands,
  syncError,
  tz,
  send,
}: {
  queue: QuestionQueueState;
  commands: ModerationCommands;
  send: SessionSend;
  syncError: AppErrorBody | null;
  tz: string;
}) {
  const { t } = useTranslation();
  const { state, shown, fresh } = queue;
  return (
    <section className="mod-queue" id="panel-main" role="tabpanel" aria-labelledby="tab-questions">
      <QueueFilters queue={queue} />
      <BulkActions shown={shown} send={send} />
      <ErrorMessage error={commands.error ?? syncError} testId="mod-error" />
      <LiveLog said={commands.said} testId="mod-announcer" />
      <div aria-live="polite" className="arrivals">
        {fresh.length > 0 && (
          <button
            type="button"
            className="banner"
            onClick={() => {
              queue.acknowledge(fresh.map((q) => q.id));
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
        {state &&
          shown.map((q, index) => (
            <QuestionCard
              key={q.id}
              q={q}
              index={index}
              view={queue.view}
              state={state}
              onScreen={queue.onScreenId === q.id}
              selected={queue.selected?.id === q.id}
              editing={queue.editingId === q.id}
              merging={queue.mergingId === q.id}
              tz={tz}
              onSelect={() => queue.pick(q)}
              onModerate={(a) => void commands.moderate(q, a)}
              onShow={(on) => void commands.show(on ? q.id : null)}
              onEdit={(v) => queue.setEditingId(v ? q.id : null)}
              onSaveEdit={async (text) => {
                if (await commands.edit(q, text)) queue.setEditingId(null);
              }}
              onMerge={(v) => queue.setMergingId(v ? q.id : null)}
              onConfirmMerge={async (targetId) => {
                if (await commands.merge(q, targetId)) queue.setMergingId(null);
              }}
            />
          ))}
      </ul>
    </section>
  );
}

function QueueFilters({ queue }: { queue: QuestionQueueState }) {
  const { t } = useTranslation();
  const { counts } = queue;
  const searchId = useId();
  return (
    <div className="filters">
      <div className="mod-search">
        <label htmlFor={searchId} className="field-label">
          {t('views.search')}
        </label>
        <input
          id={searchId}
          type="search"
          value={queue.query}
          onChange={(e) => queue.setQuery(e.target.value)}
          data-testid="mod-search"
        />
      </div>
      <div className="segmented" role="group" aria-label={t('moderator.filterStatus')}>
        {STATUS_FILTERS.map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={queue.filter.status === s}
            onClick={() => queue.setStatusFilter(s)}
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
            aria-pressed={queue.filter.mode === m}
            onClick={() => queue.setModeFilter(m)}
            data-testid={`mode-${m}`}
          >
            {m === 'all' ? t('moderator.allModes') : t(`mode.${m}`)}
          </button>
        ))}
      </div>
    </div>
  );
}
