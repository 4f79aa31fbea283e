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
import { useJustChanged } from '../../ui/use-just-changed.ts';

const AT_TOP_PX = 48;

/**
 * What the moderator looks at in the question queue: filters, the selection, the question being
 * edited or merged, and which arrivals wait behind the banner. Held by the console, so switching
 * to the polls tab and back keeps it.
 */
export function useQuestionQueue(
  state: ModerationState | null,
  onScreenId: string | null,
  inUse: () => boolean,
) {
  const [statusFilter, setStatusFilter] = useState<StatusFilter>('pending');
  const [modeFilter, setModeFilter] = useState<ModeFilter>('all');
  const [selection, setSelection] = useState<Selection>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [mergingId, setMergingId] = useState<string | null>(null);
  const [query, setQuery] = useState('');

  const list = useMemo(() => {
    if (!state) return [];
    const open = [editingId, mergingId].filter((id): id is string => id !== null);
    return searchQuestions(moderationList(state, { status: statusFilter, mode: modeFilter }, open), query);
  }, [state, statusFilter, modeFilter, query, editingId, mergingId]);
  const { seen, acknowledge } = useSeenQuestions(state, editingId !== null || mergingId !== null, inUse);
  const { shown, fresh } = useMemo(() => splitArrivals(list, seen), [list, seen]);
  const selected = selectedQuestion(shown, selection);
  // The selection fell on another question (the chosen one left the list): the keys wait a moment,
  // or « a » pressed twice would approve the next question unread.
  const fell = selected !== undefined && selected.id !== selection?.id;
  const view = `${statusFilter}|${modeFilter}|${query}`;
  const selectionSettling = useJustChanged(selected?.id ?? null, view) && fell;
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
    /** The selected question just became another one by itself: the action keys wait. */
    selectionSettling,
    /** The filters and search chosen: a card that moves because they changed does not settle. */
    view,
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
 * the banner unless the page is scrolled to the top, no edit or merge is open and the moderator is
 * not using the console (`inUse`: a pointer moved, a key or a click in the last seconds). Listed
 * newest first, an arrival at the top went under the pointer aimed at another question's
 * « Approuver »: the click approved the new, unread question. They are listed once the moderator
 * stops, if the page is at the top.
 */
function useSeenQuestions(state: ModerationState | null, busy: boolean, inUse: () => boolean) {
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
  const free = useCallback(() => window.scrollY < AT_TOP_PX && !busy && !inUse(), [busy, inUse]);
  const catchUp = useCallback(() => {
    if (state && free()) acknowledge([...state.questions.keys()]);
  }, [state, free, acknowledge]);

  useEffect(() => {
    if (!state) return;
    const unseen = [...state.questions.keys()].filter((id) => !seen.has(id));
    if (unseen.length === 0) return;
    if (!initialised.current || free()) {
      initialised.current = true;
      acknowledge(unseen);
    } else if (window.scrollY < AT_TOP_PX && !busy) {
      // Held only while the console is in use: listed once the moderator stops.
      const wait = setInterval(catchUp, 1_000);
      return () => clearInterval(wait);
    }
  }, [state, seen, free, busy, acknowledge, catchUp]);

  useEffect(() => {
    window.addEventListener('scroll', catchUp, { passive: true });
    return () => window.removeEventListener('scroll', catchUp);
  }, [catchUp]);

  return { seen, acknowledge };
}
