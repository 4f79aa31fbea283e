import type { Ack, AppErrorBody, ModerationAction, ModQuestion } from '@agora/shared';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSend } from '../../realtime/session-store.ts';
import { useLiveLog } from '../../ui/LiveLog.tsx';

/**
 * The moderator's commands on questions and on the screen, sent through the session store (which
 * applies each answer at once; the event carrying the same change follows); the last refusal is
 * kept for the console to show; what was done is said to screen readers (`said`), since the card
 * acted on often leaves the filtered list.
 */
export function useModerationCommands(sessionId: string, send: SessionSend) {
  const { t } = useTranslation();
  const [error, setError] = useState<AppErrorBody | null>(null);
  const { said, say } = useLiveLog();

  const run = useCallback(
    async (p: Promise<Ack<unknown>>, done?: string) => {
      const ack = await p;
      setError(ack.ok ? null : ack.error);
      if (ack.ok && done) say([done]);
      return ack.ok;
    },
    [say],
  );

  const moderate = useCallback(
    (q: ModQuestion, action: ModerationAction) =>
      run(
        send('question:moderate', { questionId: q.id, action }),
        t(`announce.moderated.${action}`, { text: q.text }),
      ),
    [run, send, t],
  );
  /** Puts a question on screen (approving it if pending), or clears the screen, whatever it shows. */
  const show = useCallback(
    (questionId: string | null) =>
      run(
        send('screen:show', { sessionId, item: questionId ? { kind: 'question', id: questionId } : null }),
        questionId ? t('announce.shown') : t('announce.cleared'),
      ),
    [run, send, sessionId, t],
  );
  /** Puts the session's question history (hall and remote apart) on screen: the end of a plenary. */
  const showHistory = useCallback(
    () =>
      run(
        send('screen:show', { sessionId, item: { kind: 'history', id: sessionId } }),
        t('views.announceHistory'),
      ),
    [run, send, sessionId, t],
  );
  const blackout = useCallback(
    (on: boolean) =>
      run(
        send('screen:blackout', { sessionId, on }),
        on ? t('views.announceBlack') : t('views.announceUnblack'),
      ),
    [run, send, sessionId, t],
  );
  const edit = (q: ModQuestion, text: string) => run(send('question:edit', { questionId: q.id, text }));
  const merge = (source: ModQuestion, targetId: string) =>
    run(send('question:merge', { sourceId: source.id, targetId }));

  return { error, said, moderate, show, showHistory, blackout, edit, merge };
}

export type ModerationCommands = ReturnType<typeof useModerationCommands>;
