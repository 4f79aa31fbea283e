import type { PollDraft } from '@agora/shared';
import type { PollDefinition } from '../interactions/interactions.store.ts';

/**
 * Turns what a moderator wrote into a poll definition with option ids: `o1`, `o2`… for choices,
 * the value itself (`1` … `5`) for a rating scale, so a ballot names what it chose.
 */
export function pollDefinition(draft: PollDraft): PollDefinition {
  if (draft.kind === 'rating') {
    const scale = draft.scale ?? { min: 1, max: 5, minLabel: '', maxLabel: '' };
    const options = [];
    for (let v = scale.min; v <= scale.max; v += 1) options.push({ id: String(v), label: String(v) });
    return {
      question: draft.question,
      pollKind: 'rating',
      options,
      maxChoices: 1,
      scale: { min: scale.min, max: scale.max, minLabel: scale.minLabel, maxLabel: scale.maxLabel },
      visibility: draft.visibility,
    };
  }
  return {
    question: draft.question,
    pollKind: draft.kind,
    options: draft.options.map((label, i) => ({ id: `o${i + 1}`, label })),
    maxChoices: draft.kind === 'multiple' ? Math.min(draft.maxChoices, draft.options.length) : 1,
    scale: null,
    visibility: draft.visibility,
  };
}
