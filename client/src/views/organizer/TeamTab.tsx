import type { AppErrorBody, IssuedCode, OrganizerEdition } from '@agora/shared';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { UserText } from '../../ui/UserText.tsx';
import { formatTime } from '../../ui/format.ts';
import { checkLength, textRules } from '../../ui/length-limit.ts';
import { LimitedInput } from '../../ui/LengthLimit.tsx';
import { useFrenchSpacing } from '../../ui/use-french-spacing.ts';
import { call } from './api.ts';
import { ConfirmDialog, IssuedCodesPanel, OrgError, TabLoading } from './ui.tsx';
import { useCall } from './use-call.ts';

/** Moderators (of every session or some) and the projector screen of each room, with their codes. */
export function TeamTab({ edition, onChanged }: { edition: OrganizerEdition; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const slug = edition.slug;
  const sessionsCall = useCall('listSessions', { params: { slug } });
  const moderatorsCall = useCall('listModerators', { params: { slug } });
  const screensCall = useCall('listScreens', { params: { slug } });
  const [issued, setIssued] = useState<IssuedCode[] | null>(null);
  const [error, setError] = useState<AppErrorBody | null>(null);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'all' | 'some'>('all');
  const [chosen, setChosen] = useState<string[]>([]);
  const [extraRoom, setExtraRoom] = useState('');
  // Revoking or renewing a code in use ends the session opened with it (the hall's projector, a
  // moderator's console): one stray click did it, so these ask first.
  const [confirm, setConfirm] = useState<{ kind: 'revoke' | 'reissue'; name: string; go: () => void } | null>(
    null,
  );

  const sessions = sessionsCall.result?.ok ? sessionsCall.result.data.sessions : [];
  const moderators = moderatorsCall.result?.ok ? moderatorsCall.result.data.moderators : [];
  const screens = screensCall.result?.ok ? screensCall.result.data.screens : [];
  const rooms = [
    ...new Set([...sessions.map((s) => s.room).filter(Boolean), ...screens.map((s) => s.room)]),
  ].sort();
  const spaced = useFrenchSpacing();
  const titleOf = new Map(sessions.map((s) => [s.id, spaced(s.title)]));

  const refresh = () => {
    moderatorsCall.reload();
    screensCall.reload();
    onChanged();
  };

  const run = async <T,>(
    promise: Promise<{ ok: true; data: T } | { ok: false; error: AppErrorBody }>,
    show: (data: T) => IssuedCode | null,
  ) => {
    setError(null);
    const res = await promise;
    if (!res.ok) setError(res.error);
    else {
      const code = show(res.data);
      if (code) setIssued([code]);
    }
    refresh();
  };

  const nameTooLong = checkLength(name, textRules.personName).over > 0;
  const addModerator = async (e: FormEvent) => {
    e.preventDefault();
    if (nameTooLong) return;
    await run(
      call('createModerator', {
        params: { slug },
        body: { name, sessionIds: scope === 'all' || chosen.length === 0 ? null : chosen },
      }),
      (d) => d.code,
    );
    setName('');
    setChosen([]);
  };

  if (!sessionsCall.result || !moderatorsCall.result || !screensCall.result) return <TabLoading />;
  return (
    <div className="org-team">
      <OrgError error={error} testId="team-error" />
      {issued && (
        <IssuedCodesPanel
          key={issued[0]?.code ?? 'none'}
          codes={issued}
          csv={null}
          filename=""
          onClose={() => setIssued(null)}
        />
      )}
      <div className="org-columns">
        <section className="card" aria-labelledby="moderators-title">
          <h2 id="moderators-title" className="card-title">
            {t('organizer.team.moderators')}
          </h2>
          {moderators.length === 0 && <p className="muted">{t('organizer.team.noModerators')}</p>}
          <ul className="org-people">
            {moderators.map((m) => (
              <li key={m.id} className="org-person" data-testid="moderator-row">
                <div>
                  <strong>{m.name}</strong>{' '}
                  {m.hasCode ? (
                    <span className="badge status-approved">{t('organizer.codes.active')}</span>
                  ) : (
                    <span className="badge status-pending">{t('organizer.codes.none')}</span>
                  )}
                  <p className="muted small">
                    {m.sessionIds
                      ? m.sessionIds.map((id) => titleOf.get(id) ?? id).join(' · ')
                      : t('organizer.team.allSessions')}
                  </p>
                </div>
                <div className="row-actions">
                  <button
                    type="button"
                    className="button small-button"
                    onClick={() => {
                      const go = () =>
                        void run(call('reissueModerator', { params: { slug, id: m.id } }), (d) => d);
                      if (m.hasCode) setConfirm({ kind: 'reissue', name: m.name, go });
                      else go();
                    }}
                  >
                    {m.hasCode ? t('organizer.codes.reissue') : t('organizer.codes.issueOne')}
                  </button>
                  {m.hasCode && (
                    <button
                      type="button"
                      className="button small-button"
                      onClick={() =>
                        setConfirm({
                          kind: 'revoke',
                          name: m.name,
                          go: () =>
                            void run(call('revokeModerator', { params: { slug, id: m.id } }), () => null),
                        })
                      }
                    >
                      {t('organizer.codes.revoke')}
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
          <form className="org-form org-subform" onSubmit={(e) => void addModerator(e)}>
            <h3>{t('organizer.team.addModeratorTitle')}</h3>
            <label className="field-label" htmlFor="moderator-name">
              {t('organizer.fields.name')}
            </label>
            <LimitedInput
              id="moderator-name"
              required
              value={name}
              rule={textRules.personName}
              onChange={setName}
              testId="moderator-name"
            />
            <fieldset className="org-fieldset">
              <legend className="field-label">{t('organizer.team.scope')}</legend>
              <label className="checkbox">
                <input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} />
                {t('organizer.team.allSessions')}
              </label>{' '}
              <label className="checkbox">
                <input
                  type="radio"
                  name="scope"
                  checked={scope === 'some'}
                  onChange={() => setScope('some')}
                />
                {t('organizer.team.someSessions')}
              </label>
              {scope === 'some' && (
                <ul className="org-checklist">
                  {sessions.map((s) => (
                    <li key={s.id}>
                      <label className="checkbox">
                        <input
                          type="checkbox"
                          checked={chosen.includes(s.id)}
                          onChange={(e) =>
                            setChosen(
                              e.target.checked ? [...chosen, s.id] : chosen.filter((id) => id !== s.id),
                            )
                          }
                        />
                        <span>
                          {formatTime(s.startsAt, i18n.language, edition.timeZone)} ·{' '}
                          <UserText text={s.title} />
                          {s.room && <span className="muted"> · {s.room}</span>}
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              )}
            </fieldset>
            <div className="org-actions">
              <button
                type="submit"
                className="button primary"
                disabled={nameTooLong}
                data-testid="add-moderator"
              >
                {t('organizer.team.addModerator')}
              </button>
            </div>
          </form>
        </section>

        <section className="card" aria-labelledby="screens-title">
          <h2 id="screens-title" className="card-title">
            {t('organizer.team.screens')}
          </h2>
          <p className="field-hint">{t('organizer.team.screensHint')}</p>
          {rooms.length === 0 && <p className="muted">{t('organizer.team.noRooms')}</p>}
          <ul className="org-people">
            {rooms.map((room) => {
              const screen = screens.find((s) => s.room === room);
              return (
                <li key={room} className="org-person" data-testid="screen-row">
                  <div>
                    <strong>{room}</strong>{' '}
                    {screen &&
                      (screen.hasCode ? (
                        <span className="badge status-approved">{t('organizer.codes.active')}</span>
                      ) : (
                        <span className="badge status-rejected">{t('organizer.codes.revoked')}</span>
                      ))}
                    {!screen && <p className="muted small">{t('organizer.team.noScreen')}</p>}
                  </div>
                  <div className="row-actions">
                    {!screen && (
                      <button
                        type="button"
                        className="button small-button primary"
                        onClick={() =>
                          void run(call('createScreen', { params: { slug }, body: { room } }), (d) => d.code)
                        }
                      >
                        {t('organizer.team.createScreen')}
                      </button>
                    )}
                    {screen && (
                      <button
                        type="button"
                        className="button small-button"
                        onClick={() => {
                          const go = () =>
                            void run(call('reissueScreen', { params: { slug, id: screen.id } }), (d) => d);
                          if (screen.hasCode) setConfirm({ kind: 'reissue', name: room, go });
                          else go();
                        }}
                      >
                        {screen.hasCode ? t('organizer.team.newLink') : t('organizer.codes.issueOne')}
                      </button>
                    )}
                    {screen?.hasCode && (
                      <button
                        type="button"
                        className="button small-button"
                        onClick={() =>
                          setConfirm({
                            kind: 'revoke',
                            name: room,
                            go: () =>
                              void run(call('revokeScreen', { params: { slug, id: screen.id } }), () => null),
                          })
                        }
                      >
                        {t('organizer.codes.revoke')}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
          <form
            className="org-form org-subform org-inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void run(
                call('createScreen', { params: { slug }, body: { room: extraRoom } }),
                (d) => d.code,
              ).then(() => setExtraRoom(''));
            }}
          >
            <div>
              <label className="field-label" htmlFor="extra-room">
                {t('organizer.team.otherRoom')}
              </label>
              <LimitedInput
                id="extra-room"
                required
                value={extraRoom}
                rule={textRules.room}
                onChange={setExtraRoom}
              />
            </div>
            <button
              type="submit"
              className="button"
              disabled={checkLength(extraRoom, textRules.room).over > 0}
            >
              {t('organizer.team.createScreen')}
            </button>
          </form>
        </section>
      </div>
      {confirm && (
        <ConfirmDialog
          kind={confirm.kind}
          name={confirm.name}
          onConfirm={confirm.go}
          onClose={() => setConfirm(null)}
        />
      )}
    </div>
  );
}
