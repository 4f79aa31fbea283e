import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { audienceAnnouncements, type Announcement } from '../../state/announcements.ts';
import type { AudienceSession } from '../../state/session.state.ts';
import { LiveLog, useLiveLog } from '../../ui/LiveLog.tsx';

/** The participant's one polite live region, fed by what changed in the session (see announcements.ts). */
export function AudienceAnnouncer({ state }: { state: AudienceSession | null }) {
  const { t } = useTranslation();
  const previous = useRef<AudienceSession | null>(null);
  const { said, say } = useLiveLog();

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
          : t(`announce.${a.kind}`, { text: a.text });
    say(news.map(text));
  }, [state, t, say]);

  return <LiveLog said={said} testId="announcer" />;
}
