import '../../i18n/room.ts';
import type { AppErrorBody, AttendanceMode, Cloud, CloudResults, MyWord } from '@agora/shared';
import { lazy, Suspense, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { PendingText } from '../../state/outbox.ts';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { UserText } from '../../ui/UserText.tsx';
import { cloudWordRule, describedBy } from '../../ui/length-limit.ts';
import { LengthCount, LengthMessage, useLengthLimit } from '../../ui/LengthLimit.tsx';
import {
  answerWindow,
  InteractionHead,
  PolicyNotice,
  type VoteRights,
} from '../interactions/InteractionHead.tsx';

const PhoneCloud = lazy(() => import('./PhoneCloud.tsx'));

/**
 * The count under the field. A word not acknowledged yet is said waiting, never sent: « 0 mot
 * envoyé sur 3 » beside a word kept offline read as if it were lost.
 */
function wordsCount(t: TFunction, sent: number, waiting: number, max: number, sending: 'queued' | 'sending') {
  if (waiting === 0) return t('interactions.wordsSent', { count: sent, max });
  if (sent === 0) return t('interactions.wordsWaiting', { context: sending, count: waiting, max });
  return `${t('interactions.wordsSent', { count: sent, max })} · ${t('interactions.alsoWaiting', { context: sending, count: waiting })}`;
}

/**
 * A word cloud on a participant's phone: a field, what was sent, how many words are left, and the
 * cloud itself when its results are shown to the audience.
 */
export function CloudCard({
  cloud,
  results,
  mine,
  pending,
  sending,
  error,
  rights,
  mode,
  now,
  onSubmit,
}: {
  cloud: Cloud;
  /** Null while the audience may not see them (hidden until revealed). */
  results: CloudResults | null;
  mine: readonly MyWord[];
  pending: readonly PendingText[];
  /** Whether pending words are on their way or kept on the phone until the connection is back. */
  sending: 'queued' | 'sending';
  error: AppErrorBody | null;
  rights: VoteRights;
  mode: AttendanceMode | null;
  now: number;
  onSubmit: (text: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const { canAnswer, remaining, closedForMe } = answerWindow(cloud, rights, mode, now);
  const acked = new Set(mine.map((w) => w.clientId));
  const waiting = pending.filter((p) => !acked.has(p.clientId));
  const used = mine.length + waiting.length;
  const max = cloud.maxWordsPerParticipant;
  const full = used >= max || error?.code === 'LIMIT_REACHED';
  const limit = useLengthLimit(text, cloudWordRule(cloud.maxLength));
  const canSend = limit.length > 0 && limit.fits && canAnswer;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!canSend || full) return;
    onSubmit(limit.value);
    setText('');
  };

  return (
    <section
      className={`interaction-card card cloud-card status-${cloud.status}`}
      aria-labelledby={`${id}-p`}
      data-testid="cloud-card"
      // Focused when « Nouveau sondage ↑ » brings it into sight.
      tabIndex={-1}
      data-cloud-id={cloud.id}
      data-status={cloud.status}
    >
      <InteractionHead
        kindLabel={t('interactions.cloud')}
        closedLabel={t('interactions.cloudClosed')}
        closedTestId="cloud-closed"
        headingId={`${id}-p`}
        title={cloud.prompt}
        closedForMe={closedForMe}
        remaining={remaining}
        canAnswer={canAnswer}
      />
      {rights !== 'allowed' ? (
        <PolicyNotice rights={rights} />
      ) : (
        !closedForMe &&
        !full && (
          <form className="word-form" onSubmit={submit}>
            <label htmlFor={`${id}-w`} className="field-label">
              {t('interactions.wordLabel')}
            </label>
            <div className="word-row">
              {/* No maxLength: it would cut a pasted phrase without a word; the counter refuses instead. */}
              <input
                id={`${id}-w`}
                type="text"
                value={text}
                placeholder={t('interactions.wordPlaceholder')}
                autoComplete="off"
                enterKeyHint="send"
                aria-describedby={describedBy(`${id}-count`, limit.describedBy)}
                aria-invalid={limit.over > 0}
                onChange={(e) => setText(e.target.value)}
                disabled={!canAnswer}
                data-testid="word-input"
              />
              <button type="submit" className="button primary" disabled={!canSend} data-testid="word-submit">
                {t('interactions.send')}
              </button>
            </div>
            <LengthCount limit={limit} testId="word-chars" />
            <LengthMessage limit={limit} testId="word-too-long" messageKey="interactions.wordTooLong" />
          </form>
        )
      )}
      <p
        id={`${id}-count`}
        className="words-count"
        data-testid="words-count"
        data-count={mine.length}
        data-waiting={waiting.length}
      >
        {wordsCount(t, mine.length, waiting.length, max, sending)}
      </p>
      {full && rights === 'allowed' && (
        <p className="notice" data-testid="words-full">
          {t('interactions.limitReached')}
        </p>
      )}
      <ErrorMessage
        error={error && error.code !== 'LIMIT_REACHED' && error.code !== 'POLICY_FORBIDS' ? error : null}
        testId="word-error"
      />
      {error?.code === 'POLICY_FORBIDS' && rights === 'allowed' && (
        <p className="policy" data-testid="policy-vote">
          {t('interactions.policyVote')}
        </p>
      )}
      {results && results.words.length > 0 && (
        <div className="live-results" data-testid="cloud-results">
          <h3 className="results-title">
            {results.final ? t('interactions.final') : t('interactions.results')}
          </h3>
          {/* The box first, at its size: the cloud's code arriving later moves nothing below it. */}
          <div className="phone-cloud" data-testid="phone-cloud-box">
            <Suspense fallback={<p className="cloud-loading">{t('app.loading')}</p>}>
              <PhoneCloud words={results.words} />
            </Suspense>
          </div>
        </div>
      )}
      {used > 0 && (
        <>
          <h3 className="results-title">{t('interactions.myWords')}</h3>
          <ul className="my-words">
            {mine.map((w) => (
              <li key={w.clientId} className="word-chip" data-testid="my-word" data-state="stored">
                <span aria-hidden="true">✓ </span>
                <UserText text={w.text} />
                <span className="sr-only"> ({t('room.word.stored')})</span>
              </li>
            ))}
            {waiting.map((w) => (
              <li
                key={w.clientId}
                className="word-chip is-outbox"
                data-testid="my-word-pending"
                data-state={sending}
              >
                <UserText text={w.text} /> <span className="word-state">({t(`room.word.${sending}`)})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
