import type { ModQuestion } from '@agora/shared';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  countByStatus,
  moderationList,
  selectedQuestion,
  splitArrivals,
  type ModeFilter,
  type ModerationState,
  type Selection,
  type StatusFilter,
} from '../../state/moderation.state.ts';
import { searchQuestions } from '../../state/moderator-tools.ts';

const AT_TOP_PX = 48;

/**
 * What the moderator looks at in the question queue: filters, the selection, the question being
 * edited or merged, and which arrivals wait behind the banner. Held by the console, so switching
 * to the polls tab and back keeps it.
 */
export function useQuestionQueue(state: ModerationState | null, onScreenId: string | null) {
  const [statusFilter, setStatusFilter] = useState<StatusFilter>('pending');
  const [modeFilter, setModeFilter] = useState<ModeFilter>('all');
  const [selection, setSelection] = useState<Selection>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [mergingId, setMergingId] = useState<string | null>(null);
  const [query, setQuery] = useState('');

  const list = useMemo(
    () =>
      state ? searchQuestions(moderationList(state, { status: statusFilter, mode: modeFilter }), query) : [],
    [state, statusFilter, modeFilter, query],
  );
  const { seen, acknowledge } = useSeenQuestions(state, editingId !== null || mergingId !== null);
  const { shown, fresh } = useMemo(() => splitArrivals(list, seen), [list, seen]);
  const selected = selectedQuestion(shown, selection);
  const counts = useMemo(() => (state ? countByStatus(state) : null), [state]);

  const select = (q: ModQuestion | undefined) => {
    if (!q) return;
    setSelection({ id: q.id, index: shown.findIndex((s) => s.id === q.id) });
    document.querySelector(`[data-question-id="${q.id}"]`)?.scrollIntoView({ block: 'nearest' });
  };

  return {
    state,
    /** The question on the projector, if it shows one. */
    onScreenId,
    filter: { status: statusFilter, mode: modeFilter },
    query,
    setQuery,
    setStatusFilter,
    setModeFilter,
    counts,
    shown,
    fresh,
    acknowledge,
    selected,
    select,
    /** Selects on click, without scrolling. */
    pick: (q: ModQuestion) => setSelection({ id: q.id, index: shown.indexOf(q) }),
    editingId,
    setEditingId,
    mergingId,
    setMergingId,
  };
}

export type QuestionQueueState = ReturnType<typeof useQuestionQueue>;

/**
 * Ids the moderator has acknowledged. The first snapshot is all seen; later arrivals wait behind
 * the banner unless the page is scrolled to the top and no edit or merge is open.
 */
function useSeenQuestions(state: ModerationState | null, busy: boolean) {
  const [seen, setSeen] = useState<ReadonlySet<string>>(new Set());
  const initialised = useRef(false);
  const acknowledge = useCallback((ids: readonly string[]) => {
    setSeen((s) => {
      if (ids.every((id) => s.has(id))) return s;
      const n = new Set(s);
      for (const id of ids) n.add(id);
      return n;
    });
  }, []);

  useEffect(() => {
    if (!state) return;
    const unseen = [...state.questions.keys()].filter((id) => !seen.has(id));
    if (unseen.length === 0) return;
    if (!initialised.current || (window.scrollY < AT_TOP_PX && !busy)) {
      initialised.current = true;
      acknowledge(unseen);
    }
  }, [state, seen, busy, acknowledge]);

  useEffect(() => {
    const onScroll = () => {
      if (window.scrollY < AT_TOP_PX && state && !busy) acknowledge([...state.questions.keys()]);
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, [state, busy, acknowledge]);

  return { seen, acknowledge };
}
