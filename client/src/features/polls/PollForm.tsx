import { PollDraft, type Poll, type PollKind } from '@agora/shared';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { textRules } from '../../ui/length-limit.ts';
import { LimitedInput } from '../../ui/LengthLimit.tsx';

type DraftInput = z.input<typeof PollDraft>;
const KINDS: PollKind[] = ['single', 'multiple', 'rating'];

function initial(poll: Poll | null): Required<Omit<DraftInput, 'scale'>> & {
  scale: { min: number; max: number; minLabel: string; maxLabel: string };
} {
  return {
    question: poll?.question ?? '',
    kind: poll?.pollKind ?? 'single',
    options: poll && poll.pollKind !== 'rating' ? poll.options.map((o) => o.label) : ['', ''],
    maxChoices: poll?.maxChoices ?? 2,
    scale: poll?.scale ?? { min: 1, max: 5, minLabel: '', maxLabel: '' },
    visibility: poll?.visibility ?? 'live',
  };
}

/** Creating or editing a poll draft; the shared schema decides what is valid. */
export function PollForm({
  poll,
  busy,
  onSave,
  onCancel,
}: {
  poll: Poll | null;
  busy: boolean;
  onSave: (draft: DraftInput) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [v, setV] = useState(() => initial(poll));
  const draft: DraftInput = {
    question: v.question,
    kind: v.kind,
    visibility: v.visibility,
    ...(v.kind === 'rating'
      ? { scale: v.scale }
      : {
          options: v.options,
          maxChoices: v.kind === 'multiple' ? Math.min(v.maxChoices, v.options.length) : 1,
        }),
  };
  const parsed = PollDraft.safeParse(draft);
  const valid = parsed.success;
  const sameChoice = parsed.error?.issues.some((i) => i.code === 'custom' && i.params?.sameChoice === true);
  // An answer left empty beside two written ones (one added, not yet typed): say why the button waits.
  // Not while the form is new and every answer is still empty.
  const emptyChoice =
    v.kind !== 'rating' &&
    v.options.filter((o) => o.trim() !== '').length >= 2 &&
    parsed.error?.issues.some(
      (i) => i.path[0] === 'options' && typeof i.path[1] === 'number' && i.code === 'too_small',
    );
  const set = <K extends keyof typeof v>(key: K, value: (typeof v)[K]) =>
    setV((s) => ({ ...s, [key]: value }));
  const setOption = (i: number, label: string) =>
    set(
      'options',
      v.options.map((o, j) => (j === i ? label : o)),
    );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid && !busy) onSave(draft);
  };

  return (
    <form className="card interaction-form" onSubmit={submit} data-testid="poll-form">
      <h2 className="card-title">{t('manage.form.pollTitle')}</h2>
      <label className="field-label" htmlFor={`${id}-q`}>
        {t('manage.form.question')}
      </label>
      <LimitedInput
        id={`${id}-q`}
        value={v.question}
        rule={textRules.pollQuestion}
        onChange={(text) => set('question', text)}
        testId="poll-form-question"
        autoFocus
      />
      <fieldset className="inline-fieldset">
        <legend className="field-label">{t('manage.form.kind')}</legend>
        <div className="segmented">
          {KINDS.map((k) => (
            <button
              key={k}
              type="button"
              aria-pressed={v.kind === k}
              onClick={() => set('kind', k)}
              data-testid={`poll-form-kind-${k}`}
            >
              {t(`manage.kind.${k}`)}
            </button>
          ))}
        </div>
      </fieldset>

      {v.kind === 'rating' ? (
        <div className="form-grid">
          <label>
            <span className="field-label">{t('manage.form.scaleMin')}</span>
            <select
              value={v.scale.min}
              onChange={(e) => set('scale', { ...v.scale, min: Number(e.target.value) })}
            >
              {[0, 1].map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          <label>
            <span className="field-label">{t('manage.form.scaleMax')}</span>
            <select
              value={v.scale.max}
              onChange={(e) => set('scale', { ...v.scale, max: Number(e.target.value) })}
            >
              {[2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          {/* Not inside their labels: the counter would become part of the field's name. */}
          <div>
            <label className="field-label" htmlFor={`${id}-min-label`}>
              {t('manage.form.minLabel')}
            </label>
            <LimitedInput
              id={`${id}-min-label`}
              value={v.scale.minLabel}
              rule={textRules.scaleLabel}
              onChange={(text) => set('scale', { ...v.scale, minLabel: text })}
            />
          </div>
          <div>
            <label className="field-label" htmlFor={`${id}-max-label`}>
              {t('manage.form.maxLabel')}
            </label>
            <LimitedInput
              id={`${id}-max-label`}
              value={v.scale.maxLabel}
              rule={textRules.scaleLabel}
              onChange={(text) => set('scale', { ...v.scale, maxLabel: text })}
            />
          </div>
        </div>
      ) : (
        <fieldset className="inline-fieldset">
          <legend className="field-label">{t('manage.form.options')}</legend>
          <ol className="option-inputs">
            {v.options.map((o, i) => (
              <li key={i}>
                <LimitedInput
                  value={o}
                  rule={textRules.pollOption}
                  aria-label={t('manage.form.option', { n: i + 1 })}
                  onChange={(text) => setOption(i, text)}
                  testId="poll-form-option"
                  beside={
                    <button
                      type="button"
                      className="button"
                      disabled={v.options.length <= 2}
                      aria-label={t('manage.form.removeOption', { n: i + 1 })}
                      onClick={() =>
                        set(
                          'options',
                          v.options.filter((_, j) => j !== i),
                        )
                      }
                    >
                      ✕
                    </button>
                  }
                />
              </li>
            ))}
          </ol>
          {emptyChoice && (
            <p className="error" role="alert" data-testid="poll-form-empty-choice">
              {t('manage.form.emptyChoice')}
            </p>
          )}
          {sameChoice && (
            <p className="error" role="alert" data-testid="poll-form-same-choice">
              {t('manage.form.sameChoice')}
            </p>
          )}
          <button
            type="button"
            className="button"
            disabled={v.options.length >= 12}
            onClick={() => set('options', [...v.options, ''])}
            data-testid="poll-form-add-option"
          >
            + {t('manage.form.addOption')}
          </button>
          {v.kind === 'multiple' && (
            <label className="max-choices">
              <span className="field-label">{t('manage.form.maxChoices')}</span>
              <input
                type="number"
                min={1}
                max={v.options.length}
                value={v.maxChoices}
                onChange={(e) => set('maxChoices', Math.max(1, Number(e.target.value) || 1))}
              />
            </label>
          )}
        </fieldset>
      )}

      <fieldset className="inline-fieldset">
        <legend className="field-label">{t('manage.form.visibility')}</legend>
        {(['live', 'hidden'] as const).map((vis) => (
          <label key={vis} className="checkbox radio">
            <input
              type="radio"
              name={`${id}-vis`}
              checked={v.visibility === vis}
              onChange={() => set('visibility', vis)}
            />
            {t(`manage.form.${vis}`)}
          </label>
        ))}
      </fieldset>
      <div className="mod-actions">
        <button
          type="submit"
          className="button primary"
          disabled={!valid || busy}
          data-testid="poll-form-save"
        >
          {poll ? t('manage.form.save') : t('manage.form.create')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('manage.form.cancel')}
        </button>
      </div>
    </form>
  );
}
