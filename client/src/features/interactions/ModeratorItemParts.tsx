import { useTranslation } from 'react-i18next';
import {
  participationRate,
  remoteRemainingMs,
  type Interaction,
  type Presence,
} from '../../state/interactions.state.ts';
import { formatCountdown } from '../../ui/use-now.ts';
import { UserText } from '../../ui/UserText.tsx';
import { useSettling } from '../../ui/use-just-changed.ts';

/** What every poll or cloud row of the console receives. */
export type ItemProps = {
  connected: Presence | null;
  onScreen: boolean;
  now: number;
  edit: () => void;
  show: () => void;
  open: () => void;
  close: () => void;
  reveal: (revealed: boolean) => void;
};

/** The row's badges (kind, status, results hidden or revealed, on screen) and its title. */
export function ItemHead({ item, title, onScreen }: { item: Interaction; title: string; onScreen: boolean }) {
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
      {/* The item's heading: its results and words are h3 below it (no skipped level). */}
      <h2 className="question-text interaction-title">
        <UserText text={title} />
      </h2>
    </>
  );
}

/** The buttons a poll's or a cloud's status allows; `locked` once it has answers (no more edits). */
export function ItemActions({
  item,
  onScreen,
  locked,
  ...a
}: ItemProps & { item: Interaction; locked: boolean }) {
  const { t } = useTranslation();
  // A colleague's command changes the buttons in place (« Clore » where « Rouvrir » was, « Mettre à
  // l'écran » where « Ouvrir » was): they wait a moment before they act.
  const { settling, wait, unlessSettling } = useSettling(`${item.status}:${onScreen}:${item.revealed}`);
  const act = {
    edit: unlessSettling(a.edit),
    open: unlessSettling(a.open),
    close: unlessSettling(a.close),
    reveal: unlessSettling(a.reveal),
    show: unlessSettling(a.show),
  };
  return (
    <div
      className="mod-actions"
      role="group"
      aria-label={t('manage.tabInteractions')}
      data-settling={settling || undefined}
    >
      {item.status === 'draft' && (
        <button
          {...wait}
          type="button"
          className="button"
          onClick={act.edit}
          disabled={locked}
          data-testid="action-edit"
        >
          {t('manage.edit')}
        </button>
      )}
      {(item.status === 'draft' || item.status === 'closed') && (
        <button
          {...wait}
          type="button"
          className="button primary"
          onClick={act.open}
          data-testid="action-open"
        >
          {item.status === 'draft' ? t('manage.open') : t('manage.reopen')}
        </button>
      )}
      {item.status === 'open' && (
        <button
          {...wait}
          type="button"
          className="button danger"
          onClick={act.close}
          data-testid="action-close"
        >
          {t('manage.close')}
        </button>
      )}
      {item.visibility === 'hidden' && item.status !== 'draft' && (
        <button
          {...wait}
          type="button"
          className="button"
          aria-pressed={item.revealed}
          onClick={() => act.reveal(!item.revealed)}
          data-testid="action-reveal"
        >
          {item.revealed ? t('manage.unreveal') : t('manage.reveal')}
        </button>
      )}
      <button
        {...wait}
        type="button"
        className={`button${onScreen ? ' danger' : ' accent'}`}
        onClick={act.show}
        data-testid={onScreen ? 'action-unscreen' : 'action-screen'}
      >
        {onScreen ? t('manage.hide') : t('manage.show')}
      </button>
    </div>
  );
}

/** The remote voters' countdown while a poll or cloud is closing. */
export function Countdown({ item, now }: { item: Interaction; now: number }) {
  const { t } = useTranslation();
  const remaining = remoteRemainingMs(item, now);
  if (remaining === null) return null;
  return (
    <p className="countdown" role="timer" data-testid="mod-countdown">
      {t('manage.countdown', { time: formatCountdown(remaining) })}
    </p>
  );
}

/** How many answered, against how many are connected. */
export function Participation({
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
              count: (connected?.onsite ?? 0) + (connected?.remote ?? 0),
            })}
      </span>
    </p>
  );
}
