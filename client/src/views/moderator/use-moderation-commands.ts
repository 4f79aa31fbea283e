import type { Ack, AppErrorBody, ModerationAction, ModQuestion, ScreenItem } from '@agora/shared';
import { useCallback, useState } from 'react';
import type { useModerationSession } from '../../realtime/session-sync.ts';
import { command, type AgoraSocket } from '../../realtime/socket.ts';

/**
 * The moderator's commands on questions and on the screen. Each answer is applied at once (the
 * event carrying the same change follows); the last refusal is kept for the console to show.
 */
export function useModerationCommands(
  socket: AgoraSocket,
  sessionId: string,
  sync: ReturnType<typeof useModerationSession>,
  applyScreen: (screen: ScreenItem | null) => void,
) {
  const [error, setError] = useState<AppErrorBody | null>(null);

  const run = useCallback(
    async (p: Promise<Ack<ModQuestion>>) => {
      const ack = await p;
      if (ack.ok) {
        sync.applyQuestion(ack.data);
        setError(null);
      } else setError(ack.error);
      return ack.ok;
    },
    [sync],
  );

  const moderate = useCallback(
    (q: ModQuestion, action: ModerationAction) =>
      run(command(socket, 'question:moderate', { questionId: q.id, action })),
    [run, socket],
  );
  const show = useCallback(
    async (questionId: string | null) => {
      const ack = await command(socket, 'projector:show', { sessionId, questionId });
      if (ack.ok) {
        sync.setOnScreen(ack.data.onScreenId);
        setError(null);
      } else setError(ack.error);
    },
    [socket, sessionId, sync],
  );
  const clearInteraction = async () => {
    const ack = await command(socket, 'screen:show', { sessionId, item: null });
    if (ack.ok) applyScreen(ack.data.screen);
    else setError(ack.error);
  };
  const edit = (q: ModQuestion, text: string) =>
    run(command(socket, 'question:edit', { questionId: q.id, text }));
  const merge = (source: ModQuestion, targetId: string) =>
    run(command(socket, 'question:merge', { sourceId: source.id, targetId }));

  return { error, moderate, show, clearInteraction, edit, merge };
}

export type ModerationCommands = ReturnType<typeof useModerationCommands>;
