import type { Cloud, ModCloudResults } from '@agora/shared';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { UserText } from '../../ui/UserText.tsx';
import { Countdown, ItemActions, ItemHead, Participation, type ItemProps } from './ModeratorItemParts.tsx';

/** A word cloud in the console: participation, every word with its counts, hide and show, actions. */
export function ModeratorCloudItem({
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
                      <span className="mod-word-text">
                        <UserText text={w.text} />
                      </span>
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
