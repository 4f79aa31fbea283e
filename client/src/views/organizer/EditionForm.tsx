import type { AppErrorBody, OrganizerEdition } from '@agora/shared';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from './api.ts';
import { OrgError } from './ui.tsx';
import { checkLength, textRules } from '../../ui/length-limit.ts';
import { LimitedInput } from '../../ui/LengthLimit.tsx';
import { addMonths, defaultProjectorLook } from '@agora/shared';
import { ProjectorLookFields } from './ProjectorLookFields.tsx';

/** The replay window's default, as the server computes it. */
const REPLAY_MONTHS = 9;

const zones = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Europe/Paris'];
  }
})();

/** « 14es Assises nationales » → « 14es-assises-nationales ». */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

/** Creates an edition (no `initial`) or changes one. */
export function EditionForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial?: OrganizerEdition;
  onSaved: (edition: OrganizerEdition) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [slug, setSlug] = useState(initial?.slug ?? '');
  const [slugTouched, setSlugTouched] = useState(Boolean(initial));
  const [startDate, setStartDate] = useState(initial?.startDate ?? '');
  const [endDate, setEndDate] = useState(initial?.endDate ?? '');
  const [timeZone, setTimeZone] = useState(initial?.timeZone ?? 'Europe/Paris');
  const [venue, setVenue] = useState(initial?.venue ?? '');
  const [replayUntil, setReplayUntil] = useState(initial?.replayUntil ?? '');
  const [rehearsal, setRehearsal] = useState(initial?.rehearsal ?? true);
  const [look, setLook] = useState(initial?.projector ?? defaultProjectorLook);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorBody | null>(null);

  const replayDefault = endDate ? addMonths(endDate, REPLAY_MONTHS) : '';
  const shownSlug = slugTouched ? slug : slugify(name);
  // The server's public address, as it prints join links (the console may be opened through another).
  const base = initial ? initial.joinUrl.replace(/\/e\/[^/]*$/, '') : window.location.origin;

  const tooLong =
    checkLength(name, textRules.editionName).over > 0 || checkLength(venue, textRules.venue).over > 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (tooLong) return;
    setBusy(true);
    setError(null);
    const fields = {
      slug: shownSlug,
      name,
      startDate,
      endDate: endDate || startDate,
      venue,
      timeZone,
      replayUntil: replayUntil || replayDefault || undefined,
      rehearsal,
    };
    const res = initial
      ? await call('updateEdition', { params: { slug: initial.slug }, body: { ...fields, projector: look } })
      : await call('createEdition', { body: fields });
    setBusy(false);
    if (res.ok) onSaved(res.data);
    else setError(res.error);
  };

  const field = (key: string) => `${id}-${key}`;
  return (
    <form className="card org-form" onSubmit={(e) => void submit(e)} data-testid="edition-form">
      <div className="org-grid-2">
        <div className="span-2">
          <label className="field-label" htmlFor={field('name')}>
            {t('organizer.fields.name')}
          </label>
          <LimitedInput
            id={field('name')}
            required
            value={name}
            rule={textRules.editionName}
            onChange={setName}
            placeholder={t('organizer.editions.namePlaceholder')}
            testId="edition-name"
          />
        </div>
        <div className="span-2">
          <label className="field-label" htmlFor={field('slug')}>
            {t('organizer.fields.slug')}
          </label>
          <input
            id={field('slug')}
            type="text"
            required
            pattern="[a-z0-9\-]{2,64}"
            value={shownSlug}
            onChange={(e) => {
              setSlugTouched(true);
              setSlug(e.target.value);
            }}
            aria-describedby={field('slug-hint')}
            data-testid="edition-slug"
          />
          <p className="field-hint" id={field('slug-hint')}>
            {t('organizer.editions.slugHint', { url: `${base}/e/${shownSlug || '…'}` })}
          </p>
          {initial && shownSlug !== initial.slug && (
            <p className="org-warning small" role="status">
              {t('organizer.editions.slugChanged')}
            </p>
          )}
        </div>
        <div>
          <label className="field-label" htmlFor={field('start')}>
            {t('organizer.fields.startDate')}
          </label>
          <input
            id={field('start')}
            type="date"
            required
            value={startDate}
            onChange={(e) => {
              setStartDate(e.target.value);
              if (!endDate || endDate < e.target.value) setEndDate(e.target.value);
            }}
            data-testid="edition-start"
          />
        </div>
        <div>
          <label className="field-label" htmlFor={field('end')}>
            {t('organizer.fields.endDate')}
          </label>
          <input
            id={field('end')}
            type="date"
            required
            min={startDate || undefined}
            value={endDate}
            onChange={(e) => setEndDate(e.target.value)}
            data-testid="edition-end"
          />
        </div>
        <div>
          <label className="field-label" htmlFor={field('tz')}>
            {t('organizer.fields.timeZone')}
          </label>
          <select id={field('tz')} value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="field-label" htmlFor={field('replay')}>
            {t('organizer.fields.replayUntil')}
          </label>
          <input
            id={field('replay')}
            type="date"
            min={endDate || undefined}
            value={replayUntil || replayDefault}
            onChange={(e) => setReplayUntil(e.target.value)}
            aria-describedby={field('replay-hint')}
            data-testid="edition-replay"
          />
          <p className="field-hint" id={field('replay-hint')}>
            {t('organizer.editions.replayHint')}
          </p>
        </div>
        <div className="span-2">
          <label className="field-label" htmlFor={field('venue')}>
            {t('organizer.fields.venue')}
          </label>
          <LimitedInput
            id={field('venue')}
            value={venue}
            rule={textRules.venue}
            onChange={setVenue}
            placeholder={t('organizer.editions.venuePlaceholder')}
            testId="edition-venue"
          />
        </div>
        <div className="span-2">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={rehearsal}
              onChange={(e) => setRehearsal(e.target.checked)}
              data-testid="edition-rehearsal"
            />
            {t('organizer.fields.rehearsal')}
          </label>
          <p className="field-hint">{t('organizer.editions.rehearsalHint')}</p>
        </div>
        {initial && <ProjectorLookFields value={look} onChange={setLook} />}
      </div>
      <OrgError error={error} testId="edition-error" />
      <div className="org-actions">
        <button
          type="submit"
          className="button primary"
          disabled={busy || tooLong}
          data-testid="edition-save"
        >
          {initial ? t('organizer.save') : t('organizer.editions.create')}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            {t('organizer.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
