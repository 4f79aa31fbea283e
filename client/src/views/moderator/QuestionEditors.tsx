import type { ModQuestion } from '@agora/shared';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mergeTargets, type ModerationState } from '../../state/moderation.state.ts';
import { textRules } from '../../ui/length-limit.ts';
import { LengthCount, LengthMessage, useLengthLimit } from '../../ui/LengthLimit.tsx';
import { useFrenchSpacing } from '../../ui/use-french-spacing.ts';

/** Fixes a question's text in place; the server keeps the original in the audit trail. */
export function EditBox({
  initial,
  onCancel,
  onSave,
}: {
  initial: string;
  onCancel: () => void;
  onSave: (text: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(initial);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const limit = useLengthLimit(text, textRules.question);
  const valid = limit.length > 0 && limit.fits;
  return (
    <form
      className="edit-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) void onSave(limit.value);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <label htmlFor={id} className="sr-only">
        {t('moderator.edit')}
      </label>
      <textarea
        id={id}
        ref={ref}
        value={text}
        rows={3}
        aria-describedby={limit.describedBy}
        aria-invalid={limit.over > 0}
        onChange={(e) => setText(e.target.value)}
        data-testid="edit-text"
      />
      <LengthCount limit={limit} testId="edit-count" />
      <LengthMessage limit={limit} testId="edit-too-long" />
      <div className="mod-actions">
        <button type="submit" className="button primary" disabled={!valid} data-testid="edit-save">
          {t('moderator.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('moderator.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Merges a duplicate into another question, chosen from the live ones. */
export function MergeBox({
  q,
  state,
  onCancel,
  onConfirm,
}: {
  q: ModQuestion;
  state: ModerationState;
  onCancel: () => void;
  onConfirm: (targetId: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const spaced = useFrenchSpacing();
  const id = useId();
  const targets = mergeTargets(state, q);
  const [target, setTarget] = useState(targets[0]?.id ?? '');
  return (
    <form
      className="merge-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (target) void onConfirm(target);
      }}
    >
      <label htmlFor={id} className="field-label">
        {t('moderator.mergeChoose')}
      </label>
      <select id={id} value={target} onChange={(e) => setTarget(e.target.value)} data-testid="merge-target">
        {targets.map((o) => (
          <option key={o.id} value={o.id}>
            [{t(`status.${o.status}`)} · ▲{o.votes}]{' '}
            {spaced(o.text.length > 90 ? `${o.text.slice(0, 90)}…` : o.text)}
          </option>
        ))}
      </select>
      <div className="mod-actions">
        <button type="submit" className="button primary" disabled={!target} data-testid="merge-confirm">
          {t('moderator.mergeConfirm')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('moderator.cancel')}
        </button>
      </div>
    </form>
  );
}
