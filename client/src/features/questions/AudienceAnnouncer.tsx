import '../../i18n/room.ts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { audienceAnnouncements, type Announcement } from '../../state/announcements.ts';
import type { AudienceSession } from '../../state/session.state.ts';
import { LiveLog, useLiveLog } from '../../ui/LiveLog.tsx';

const MINE = new Set<Announcement['kind']>([
  'questionStored',
  'questionRejected',
  'questionAnswered',
  'questionMerged',
  'myQuestionOnScreen',
]);

/**
 * The participant's one polite live region, fed by what changed in the session (see
 * announcements.ts) and by `queued`, the submissions kept on the phone while offline: one more
 * is said to wait for the connection (the ask form says so itself for a question).
 */
export function AudienceAnnouncer({
  state,
  queued,
  askQueued,
}: {
  state: AudienceSession | null;
  queued: number;
  askQueued: number;
}) {
  const { t } = useTranslation();
  const previous = useRef<AudienceSession | null>(null);
  const { said, say } = useLiveLog();
  const queuedBefore = useRef({ queued, askQueued });

  useEffect(() => {
    const before = queuedBefore.current;
    queuedBefore.current = { queued, askQueued };
    // A ballot, word or upvote kept offline; a question kept offline is said by the ask form.
    if (queued - askQueued > before.queued - before.askQueued) say([t('room.announce.queued')]);
  }, [queued, askQueued, t, say]);

  useEffect(() => {
    // After a reset the next snapshot is a new start, not news.
    if (state === null) {
      previous.current = null;
      return;
    }
    const news = audienceAnnouncements(previous.current, state);
    previous.current = state;
    const text = (a: Announcement) =>
      a.kind === 'newQuestions'
        ? t('audience.newQuestions', { count: a.count })
        : a.kind === 'wordStored'
          ? t('announce.wordStored')
          : MINE.has(a.kind)
            ? t(`room.announce.${a.kind}`, { text: a.text })
            : t(`announce.${a.kind}`, { text: a.text });
    say(news.map(text));
  }, [state, t, say]);

  return <LiveLog said={said} testId="announcer" />;
}
