import type { Ack, AppErrorBody, ModerationAction, ModQuestion } from '@agora/shared';
import { useCallback, useState } from 'react';
import type { SessionSend } from '../../realtime/session-store.ts';

/**
 * The moderator's commands on questions and on the screen, sent through the session store (which
 * applies each answer at once; the event carrying the same change follows); the last refusal is
 * kept for the console to show.
 */
export function useModerationCommands(sessionId: string, send: SessionSend) {
  const [error, setError] = useState<AppErrorBody | null>(null);

  const run = useCallback(async (p: Promise<Ack<unknown>>) => {
    const ack = await p;
    setError(ack.ok ? null : ack.error);
    return ack.ok;
  }, []);

  const moderate = useCallback(
    (q: ModQuestion, action: ModerationAction) =>
      run(send('question:moderate', { questionId: q.id, action })),
    [run, send],
  );
  /** Puts a question on screen (approving it if pending), or clears the screen, whatever it shows. */
  const show = useCallback(
    (questionId: string | null) =>
      run(send('screen:show', { sessionId, item: questionId ? { kind: 'question', id: questionId } : null })),
    [run, send, sessionId],
  );
  const edit = (q: ModQuestion, text: string) => run(send('question:edit', { questionId: q.id, text }));
  const merge = (source: ModQuestion, targetId: string) =>
    run(send('question:merge', { sourceId: source.id, targetId }));

  return { error, moderate, show, edit, merge };
}

export type ModerationCommands = ReturnType<typeof useModerationCommands>;
