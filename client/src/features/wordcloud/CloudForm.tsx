import { CloudDraft, type Cloud } from '@agora/shared';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { textRules } from '../../ui/length-limit.ts';
import { LimitedInput } from '../../ui/LengthLimit.tsx';

type DraftInput = z.input<typeof CloudDraft>;

/** Creating or editing a word-cloud draft; the shared schema decides what is valid. */
export function CloudForm({
  cloud,
  busy,
  onSave,
  onCancel,
}: {
  cloud: Cloud | null;
  busy: boolean;
  onSave: (draft: DraftInput) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<Required<DraftInput>>({
    prompt: cloud?.prompt ?? '',
    maxWordsPerParticipant: cloud?.maxWordsPerParticipant ?? 3,
    maxLength: cloud?.maxLength ?? 30,
    visibility: cloud?.visibility ?? 'live',
  });
  const valid = CloudDraft.safeParse(draft).success;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid && !busy) onSave(draft);
  };
  return (
    <form className="card interaction-form" onSubmit={submit} data-testid="cloud-form">
      <h2 className="card-title">{t('manage.form.cloudTitle')}</h2>
      <label className="field-label" htmlFor={`${id}-p`}>
        {t('manage.form.prompt')}
      </label>
      <LimitedInput
        id={`${id}-p`}
        value={draft.prompt}
        rule={textRules.cloudPrompt}
        placeholder={t('manage.form.promptPlaceholder')}
        onChange={(prompt) => setDraft({ ...draft, prompt })}
        testId="cloud-form-prompt"
        autoFocus
      />
      <div className="form-grid">
        <label>
          <span className="field-label">{t('manage.form.maxWords')}</span>
          <input
            type="number"
            min={1}
            max={10}
            value={draft.maxWordsPerParticipant}
            onChange={(e) => setDraft({ ...draft, maxWordsPerParticipant: Number(e.target.value) || 1 })}
          />
        </label>
        <label>
          <span className="field-label">{t('manage.form.maxLength')}</span>
          <input
            type="number"
            min={3}
            max={60}
            value={draft.maxLength}
            onChange={(e) => setDraft({ ...draft, maxLength: Number(e.target.value) || 3 })}
          />
        </label>
      </div>
      <fieldset className="inline-fieldset">
        <legend className="field-label">{t('manage.form.visibility')}</legend>
        {(['live', 'hidden'] as const).map((vis) => (
          <label key={vis} className="checkbox radio">
            <input
              type="radio"
              name={`${id}-vis`}
              checked={draft.visibility === vis}
              onChange={() => setDraft({ ...draft, visibility: vis })}
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
          data-testid="cloud-form-save"
        >
          {cloud ? t('manage.form.save') : t('manage.form.create')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('manage.form.cancel')}
        </button>
      </div>
    </form>
  );
}
