import type { ModerationAction, ModQuestion } from '@agora/shared';
import { useTranslation } from 'react-i18next';
import { ModeBadge, StatusBadge } from '../../features/questions/badges.tsx';
import type { ModerationState } from '../../state/moderation.state.ts';
import { formatTime } from '../../ui/format.ts';
import { EditBox, MergeBox } from './QuestionEditors.tsx';
import { UserText } from '../../ui/UserText.tsx';
import { useSettling } from '../../ui/use-just-changed.ts';

type CardActions = {
  onModerate: (a: ModerationAction) => void;
  onShow: (on: boolean) => void;
  onEdit: (on: boolean) => void;
  onMerge: (on: boolean) => void;
};

/** One question of the queue: its status and author, its text (or the edit or merge form), its actions. */
export function QuestionCard({
  q,
  index,
  view,
  state,
  onScreen,
  selected,
  editing,
  merging,
  tz,
  onSelect,
  onSaveEdit,
  onConfirmMerge,
  ...actions
}: CardActions & {
  q: ModQuestion;
  /** Its place in the list shown, and the filters that made the list. */
  index: number;
  view: string;
  state: ModerationState;
  onScreen: boolean;
  selected: boolean;
  editing: boolean;
  merging: boolean;
  tz: string;
  onSelect: () => void;
  onSaveEdit: (text: string) => Promise<void>;
  onConfirmMerge: (targetId: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const edited = q.edits.length > 0 || q.originalText !== q.text;
  // A colleague's decision (or one's own) changes a card's buttons (« Rejeter » where « Approuver »
  // was, « Retirer de l'écran » where « Mettre à l'écran » was) or slides the next card under the
  // pointer: its buttons wait a moment before they act.
  const settleKey = `${q.status}:${onScreen}:${index}`;
  return (
    <li
      className={`mod-item card${selected ? ' is-selected' : ''}${onScreen ? ' is-on-screen' : ''} status-row-${q.status}`}
      data-testid="mod-question"
      data-question-id={q.id}
      data-status={q.status}
      aria-current={selected ? 'true' : undefined}
      onClick={onSelect}
    >
      <CardHead q={q} onScreen={onScreen} tz={tz} />
      {editing ? (
        <EditBox initial={q.text} onCancel={() => actions.onEdit(false)} onSave={onSaveEdit} />
      ) : (
        <p className="question-text" data-testid="mod-question-text">
          <UserText text={q.text} />
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
      {merging && (
        <MergeBox q={q} state={state} onCancel={() => actions.onMerge(false)} onConfirm={onConfirmMerge} />
      )}
      {q.status !== 'merged' && !editing && !merging && (
        <QuestionActions q={q} onScreen={onScreen} settleKey={settleKey} view={view} {...actions} />
      )}
    </li>
  );
}

function CardHead({ q, onScreen, tz }: { q: ModQuestion; onScreen: boolean; tz: string }) {
  const { t, i18n } = useTranslation();
  return (
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
  );
}

/** The buttons a question's status allows. */
function QuestionActions({
  q,
  onScreen,
  settleKey,
  view,
  ...handlers
}: CardActions & { q: ModQuestion; onScreen: boolean; settleKey: string; view: string }) {
  const { t } = useTranslation();
  const { settling, wait, unlessSettling } = useSettling(settleKey, view);
  const onModerate = unlessSettling(handlers.onModerate);
  const onShow = unlessSettling(handlers.onShow);
  const onEdit = unlessSettling(handlers.onEdit);
  const onMerge = unlessSettling(handlers.onMerge);
  return (
    <div
      className="mod-actions"
      role="group"
      aria-label={q.text.slice(0, 60)}
      data-settling={settling || undefined}
    >
      {(q.status === 'pending' || q.status === 'rejected') && (
        <ModerateButton
          {...wait}
          action="approve"
          label={t('moderator.approve')}
          primary
          onModerate={onModerate}
        />
      )}
      {(q.status === 'pending' || q.status === 'approved') && (
        <ModerateButton {...wait} action="reject" label={t('moderator.reject')} onModerate={onModerate} />
      )}
      {q.status !== 'rejected' && (
        <button
          {...wait}
          type="button"
          className={`button${onScreen ? ' danger' : ' accent'}`}
          onClick={() => onShow(!onScreen)}
          data-testid={onScreen ? 'action-hide' : 'action-show'}
        >
          {onScreen ? t('moderator.hide') : t('moderator.show')}
        </button>
      )}
      {q.status === 'approved' && (
        <ModerateButton {...wait} action="answer" label={t('moderator.answered')} onModerate={onModerate} />
      )}
      {(q.status === 'answered' || q.status === 'rejected') && (
        <ModerateButton {...wait} action="reopen" label={t('moderator.reopen')} onModerate={onModerate} />
      )}
      <button
        {...wait}
        type="button"
        className="button"
        aria-pressed={q.starred}
        onClick={() => onModerate(q.starred ? 'unstar' : 'star')}
        data-testid="action-star"
      >
        {q.starred ? t('moderator.unstar') : t('moderator.star')}
      </button>
      <button
        {...wait}
        type="button"
        className="button"
        onClick={() => onEdit(true)}
        data-testid="action-edit"
      >
        {t('moderator.edit')}
      </button>
      <button
        {...wait}
        type="button"
        className="button"
        onClick={() => onMerge(true)}
        data-testid="action-merge"
      >
        {t('moderator.merge')}
      </button>
    </div>
  );
}

function ModerateButton({
  action,
  label,
  primary = false,
  onModerate,
  ...wait
}: {
  action: ModerationAction;
  label: string;
  primary?: boolean;
  onModerate: (a: ModerationAction) => void;
  'aria-disabled'?: true;
}) {
  return (
    <button
      {...wait}
      type="button"
      className={primary ? 'button primary' : 'button'}
      onClick={() => onModerate(action)}
      data-testid={`action-${action}`}
    >
      {label}
    </button>
  );
}
