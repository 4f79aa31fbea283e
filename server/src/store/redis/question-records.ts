import type { ScreenItem } from '@agora/shared';
import type { QuestionRecord, SessionLive } from '../../modules/questions/questions.store.ts';

/*
 * Questions and live state as Redis holds them (key layout in scripts.ts), decoded in Node: shared
 * by the reads, the hot-path scripts' replies and the optimistic writes.
 */

/** A question as read: HGETALL, vote count, merged ids, audit entries (JSON). */
export type RawView = [string[], number, string[], string[]];

/** The fields of `session:<id>:live`, in the order `liveOf` reads them. */
export const LIVE_FIELDS = ['seq', 'pending', 'screenKind', 'screenId', 'onScreenId', 'screenSplit'] as const;

export function toRecord([flat, votes, merged, edits]: RawView): QuestionRecord {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) f.set(flat[i] as string, flat[i + 1] as string);
  const get = (name: string) => f.get(name) ?? '';
  return {
    id: get('id'),
    sessionId: get('sessionId'),
    authorId: get('authorId'),
    clientId: get('clientId'),
    text: get('text'),
    originalText: get('originalText'),
    anonymous: get('anonymous') === '1',
    authorName: get('authorName'),
    authorMode: get('authorMode') as QuestionRecord['authorMode'],
    status: get('status') as QuestionRecord['status'],
    starred: get('starred') === '1',
    votes,
    mergedInto: get('mergedInto') || null,
    merged,
    edits: edits.map((raw) => {
      const e = JSON.parse(raw) as { at: string; by: string; from: string; to: string };
      return { at: Number(e.at), by: e.by, from: e.from, to: e.to };
    }),
    createdAt: Number(get('createdAt')),
    updatedAt: Number(get('updatedAt')),
  };
}

export function toScreen(
  kind: string | null | undefined,
  id: string | null | undefined,
  split: string | null | undefined,
): ScreenItem | null {
  if (!kind || !id) return null;
  if (kind === 'poll') return { kind, id, split: split === '1' };
  return { kind, id } as ScreenItem;
}

/**
 * The live state from `LIVE_FIELDS`. Data from before the shared screen has no screenKind: the
 * on-screen question is the screen; data from before the split has no screenSplit: not split.
 */
export function liveOf([seq, pending, screenKind, screenId, onScreenId, screenSplit]: (
  string | null | undefined
)[]): SessionLive {
  const screen =
    screenKind === null || screenKind === undefined
      ? toScreen(onScreenId && 'question', onScreenId, null)
      : toScreen(screenKind, screenId, screenSplit);
  return {
    seq: Number(seq ?? 0),
    onScreenId: screen?.kind === 'question' ? screen.id : null,
    pending: Number(pending ?? 0),
    screen,
  };
}
