import { useEffect } from 'react';
import { neighbour } from '../../state/moderation.state.ts';
import type { ModerationCommands } from './use-moderation-commands.ts';
import type { QuestionQueueState } from './use-question-queue.ts';

/** The queue's keyboard shortcuts (listed in the help panel), active while the questions tab is. */
export function useQueueShortcuts(
  active: boolean,
  queue: QuestionQueueState,
  commands: ModerationCommands,
  toggleHelp: () => void,
) {
  useEffect(() => {
    if (!active) return;
    const { shown, selected } = queue;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)))
        return;
      const key = e.key;
      if (key === '?') toggleHelp();
      else if (key === 'j') queue.select(neighbour(shown, selected, 1));
      else if (key === 'k') queue.select(neighbour(shown, selected, -1));
      else if (!selected || queue.selectionSettling) return;
      else if (key === 'a') void commands.moderate(selected, 'approve');
      else if (key === 'r') void commands.moderate(selected, 'reject');
      else if (key === 's') void commands.moderate(selected, selected.starred ? 'unstar' : 'star');
      else if (key === 'd') void commands.moderate(selected, 'answer');
      else if (key === 'e') queue.setEditingId(selected.id);
      else if (key === 'p') void commands.show(queue.onScreenId === selected.id ? null : selected.id);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
}
