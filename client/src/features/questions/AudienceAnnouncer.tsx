import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { audienceAnnouncements, type Announcement } from '../../state/announcements.ts';
import type { AudienceSession } from '../../state/session.state.ts';

const KEPT = 4;

/**
 * The participant's one polite live region. Mounted empty with the room, before any state: a
 * region inserted together with its text is not read by screen readers.
 */
export function AudienceAnnouncer({ state }: { state: AudienceSession | null }) {
  const { t } = useTranslation();
  const previous = useRef<AudienceSession | null>(null);
  const [said, setSaid] = useState<readonly { n: number; text: string }[]>([]);

  useEffect(() => {
    // After a reset the next snapshot is a new start, not news.
    if (state === null) {
      previous.current = null;
      return;
    }
    const news = audienceAnnouncements(previous.current, state);
    previous.current = state;
    if (news.length === 0) return;
    const say = (a: Announcement) =>
      a.kind === 'newQuestions'
        ? t('audience.newQuestions', { count: a.count })
        : a.kind === 'wordStored'
          ? t('announce.wordStored')
          : t(`announce.${a.kind}`, { text: a.text });
    // Each piece of news is a node added to the region (read as an addition, even when its words
    // repeat the last ones); two changes a few milliseconds apart are both read. The last few stay.
    setSaid((old) => [
      ...old.slice(Math.max(0, old.length + news.length - KEPT)),
      ...news.map((a, i) => ({ n: (old.at(-1)?.n ?? 0) + i + 1, text: say(a) })),
    ]);
  }, [state, t]);

  return (
    <div className="sr-only" aria-live="polite" aria-relevant="additions" data-testid="announcer">
      {said.map((s) => (
        <p key={s.n}>{s.text}</p>
      ))}
    </div>
  );
}
