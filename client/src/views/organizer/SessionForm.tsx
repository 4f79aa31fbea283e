import {
  defaultPolicy,
  type AppErrorBody,
  type Audience,
  type InteractionPolicy,
  type OrganizerEdition,
  type Session,
  type SessionKind,
  type Speaker,
} from '@agora/shared';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from './api.ts';
import { SessionVideoBox } from './SessionVideoBox.tsx';
import { OrgError } from './ui.tsx';
import { checkLength, textRules } from '../../ui/length-limit.ts';
import { LimitedInput, LimitedTextarea } from '../../ui/LengthLimit.tsx';
import { minutesOf, wallClock, zonedEpoch } from '@agora/shared';
import { StreamPreview } from '../../features/player/StreamPreview.tsx';

const audiences: readonly Audience[] = ['everyone', 'onsite', 'nobody'];
const policyKeys = ['ask', 'upvote', 'vote'] as const;

/** « Nom (rôle) » one per line ⇄ speakers, as in the programme CSV. */
export function speakersToText(speakers: readonly Speaker[]): string {
  return speakers.map((s) => (s.role ? `${s.name} (${s.role})` : s.name)).join('\n');
}

export function textToSpeakers(text: string): Speaker[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^(.*?)\s*\((.*)\)\s*$/.exec(l);
      return m?.[1] ? { name: m[1], role: m[2] ?? '' } : { name: l };
    });
}

/** Creates a session (no `session`) or changes one; times are typed in the edition's time zone. */
export function SessionForm({
  edition,
  session,
  rooms,
  onSaved,
  onCancel,
}: {
  edition: OrganizerEdition;
  session: Session | null;
  rooms: readonly string[];
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const tz = edition.timeZone;
  const start = session ? wallClock(session.startsAt, tz) : null;
  const end = session ? wallClock(session.endsAt, tz) : null;
  const [title, setTitle] = useState(session?.title ?? '');
  const [description, setDescription] = useState(session?.description ?? '');
  const [date, setDate] = useState(start?.date ?? edition.startDate);
  const [from, setFrom] = useState(start?.time ?? '09:00');
  const [to, setTo] = useState(end?.time ?? '10:00');
  const [room, setRoom] = useState(session?.room ?? '');
  const [kind, setKind] = useState<SessionKind>(session?.kind ?? 'plenary');
  const [speakers, setSpeakers] = useState(speakersToText(session?.speakers ?? []));
  const [policy, setPolicy] = useState<InteractionPolicy>(session?.policy ?? defaultPolicy('plenary'));
  const [policyTouched, setPolicyTouched] = useState(false);
  const [delay, setDelay] = useState(String(session?.remoteDelaySeconds ?? 0));
  const [streamUrl, setStreamUrl] = useState(session?.streamUrl ?? '');
  const [replayUrl, setReplayUrl] = useState(session?.replayUrl ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorBody | null>(null);

  const changeKind = (next: SessionKind) => {
    setKind(next);
    // A new session's policy follows its kind until the organizer sets it by hand.
    if (!policyTouched) setPolicy(defaultPolicy(next));
  };

  const tooLong =
    checkLength(title, textRules.sessionTitle).over > 0 ||
    checkLength(room, textRules.room).over > 0 ||
    checkLength(description, textRules.sessionDescription).over > 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (tooLong) return;
    setBusy(true);
    setError(null);
    const body = {
      title,
      description,
      startsAt: zonedEpoch(date, minutesOf(from), tz),
      endsAt: zonedEpoch(date, minutesOf(to), tz),
      room,
      kind,
      speakers: textToSpeakers(speakers),
      policy,
      remoteDelaySeconds: Number(delay) || 0,
      streamUrl: streamUrl.trim() || null,
      replayUrl: replayUrl.trim() || null,
    };
    const res = session
      ? await call('updateSession', { params: { slug: edition.slug, sessionId: session.id }, body })
      : await call('createSession', { params: { slug: edition.slug }, body });
    setBusy(false);
    if (res.ok) onSaved();
    else setError(res.error);
  };

  const f = (key: string) => `${id}-${key}`;
  return (
    <form className="org-form" onSubmit={(e) => void submit(e)} data-testid="session-form">
      <div className="org-grid-3">
        <div className="span-3">
          <label className="field-label" htmlFor={f('title')}>
            {t('organizer.fields.title')}
          </label>
          <LimitedInput
            id={f('title')}
            required
            value={title}
            rule={textRules.sessionTitle}
            onChange={setTitle}
            testId="session-title"
          />
        </div>
        <div>
          <label className="field-label" htmlFor={f('date')}>
            {t('organizer.fields.date')}
          </label>
          <input
            id={f('date')}
            type="date"
            required
            min={edition.startDate}
            max={edition.endDate}
            value={date}
            onChange={(e) => setDate(e.target.value)}
          />
        </div>
        <div>
          <label className="field-label" htmlFor={f('from')}>
            {t('organizer.fields.start')}
          </label>
          <input id={f('from')} type="time" required value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div>
          <label className="field-label" htmlFor={f('to')}>
            {t('organizer.fields.end')}
          </label>
          <input
            id={f('to')}
            type="time"
            required
            min={from}
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
        <div>
          <label className="field-label" htmlFor={f('room')}>
            {t('organizer.fields.room')}
          </label>
          <LimitedInput
            id={f('room')}
            list={f('rooms')}
            value={room}
            rule={textRules.room}
            onChange={setRoom}
            testId="session-room"
          />
          <datalist id={f('rooms')}>
            {rooms.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </div>
        <fieldset className="org-fieldset span-2">
          <legend className="field-label">{t('organizer.fields.kind')}</legend>
          <div className="segmented">
            {(['plenary', 'workshop'] as const).map((k) => (
              <button
                key={k}
                type="button"
                aria-pressed={kind === k}
                onClick={() => changeKind(k)}
                data-testid={`session-kind-${k}`}
              >
                {t(`programme.${k}`)}
              </button>
            ))}
          </div>
        </fieldset>
        <div className="span-3">
          <label className="field-label" htmlFor={f('description')}>
            {t('organizer.fields.description')}
          </label>
          <LimitedTextarea
            id={f('description')}
            rows={3}
            value={description}
            rule={textRules.sessionDescription}
            onChange={setDescription}
            testId="session-description"
          />
        </div>
        <div className="span-3">
          <label className="field-label" htmlFor={f('speakers')}>
            {t('organizer.fields.speakers')}
          </label>
          <textarea
            id={f('speakers')}
            rows={3}
            value={speakers}
            onChange={(e) => setSpeakers(e.target.value)}
            aria-describedby={f('speakers-hint')}
          />
          <p className="field-hint" id={f('speakers-hint')}>
            {t('organizer.programme.speakersHint')}
          </p>
        </div>
        <fieldset className="org-fieldset span-3">
          <legend className="field-label">{t('organizer.fields.policy')}</legend>
          <p className="field-hint">{t('organizer.programme.policyHint')}</p>
          <div className="org-grid-3">
            {policyKeys.map((key) => (
              <div key={key}>
                <label className="field-label" htmlFor={f(`policy-${key}`)}>
                  {t(`organizer.policy.${key}`)}
                </label>
                <select
                  id={f(`policy-${key}`)}
                  value={policy[key]}
                  onChange={(e) => {
                    setPolicyTouched(true);
                    setPolicy({ ...policy, [key]: e.target.value as Audience });
                  }}
                >
                  {audiences.map((a) => (
                    <option key={a} value={a}>
                      {t(`organizer.policy.${a}`)}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
        </fieldset>
        <div>
          <label className="field-label" htmlFor={f('delay')}>
            {t('organizer.fields.remoteDelaySeconds')}
          </label>
          <input
            id={f('delay')}
            type="number"
            min={0}
            max={300}
            value={delay}
            onChange={(e) => setDelay(e.target.value)}
            aria-describedby={f('delay-hint')}
          />
          <p className="field-hint" id={f('delay-hint')}>
            {t('organizer.programme.delayHint')}
          </p>
        </div>
        <div>
          <label className="field-label" htmlFor={f('stream')}>
            {t('organizer.fields.streamUrl')}
          </label>
          <input
            id={f('stream')}
            type="url"
            placeholder="https://"
            value={streamUrl}
            onChange={(e) => setStreamUrl(e.target.value)}
          />
        </div>
        <div>
          <label className="field-label" htmlFor={f('replay')}>
            {t('organizer.fields.replayUrl')}
          </label>
          <input
            id={f('replay')}
            type="url"
            placeholder="https://"
            value={replayUrl}
            onChange={(e) => setReplayUrl(e.target.value)}
          />
        </div>
      </div>
      {session && <SessionVideoBox slug={edition.slug} sessionId={session.id} />}
      <StreamPreview url={streamUrl} title={title} />
      <OrgError error={error} testId="session-error" />
      <div className="org-actions">
        <button
          type="submit"
          className="button primary"
          disabled={busy || tooLong}
          data-testid="session-save"
        >
          {session ? t('organizer.save') : t('organizer.programme.add')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('organizer.cancel')}
        </button>
      </div>
    </form>
  );
}
