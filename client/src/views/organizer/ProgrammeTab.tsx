import type { OrganizerEdition, Session } from '@agora/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, importCsv } from './api.ts';
import { ImportBox } from './ImportBox.tsx';
import { SessionForm } from './SessionForm.tsx';
import { Timeline } from './Timeline.tsx';
import { Modal, OrgError, TabLoading } from './ui.tsx';
import { useCall } from './use-call.ts';

/** A programme file: JSON (`{ sessions: [...] }` or a bare array) or CSV. */
async function uploadProgramme(slug: string, file: File, text: string) {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (file.name.toLowerCase().endsWith('.json') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      return { ok: false as const, error: { code: 'INVALID_PAYLOAD' as const, message: 'not JSON' } };
    }
    const sessions = Array.isArray(json) ? json : (json as { sessions?: unknown }).sessions;
    return call('importProgramme', {
      params: { slug },
      body: { sessions: Array.isArray(sessions) ? sessions : [] },
    });
  }
  return importCsv('importProgramme', { slug }, text);
}

export function ProgrammeTab({ edition, onChanged }: { edition: OrganizerEdition; onChanged: () => void }) {
  const { t } = useTranslation();
  const { result, reload } = useCall('listSessions', { params: { slug: edition.slug } });
  const [editing, setEditing] = useState<Session | 'new' | null>(null);
  const sessions = result?.ok ? result.data.sessions : [];
  const rooms = [...new Set(sessions.map((s) => s.room).filter(Boolean))].sort();
  const changed = () => {
    reload();
    onChanged();
  };

  if (!result) return <TabLoading />;
  return (
    <div className="org-programme">
      <div className="org-title-row">
        <h2>{t('organizer.programme.title')}</h2>
        <button
          type="button"
          className="button primary"
          onClick={() => setEditing('new')}
          data-testid="add-session"
        >
          {t('organizer.programme.add')}
        </button>
      </div>
      {result && !result.ok && <OrgError error={result.error} />}
      {result?.ok && sessions.length === 0 && <p className="card muted">{t('organizer.programme.empty')}</p>}
      {sessions.length > 0 && (
        <Timeline sessions={sessions} timeZone={edition.timeZone} onOpen={(s) => setEditing(s)} />
      )}
      <ImportBox
        title={t('organizer.programme.importTitle')}
        hint={t('organizer.programme.importHint')}
        accept=".csv,.json,text/csv,application/json"
        upload={(file, text) => uploadProgramme(edition.slug, file, text)}
        onImported={changed}
        testId="programme-import"
      />
      {editing && (
        <Modal
          title={editing === 'new' ? t('organizer.programme.add') : t('organizer.programme.edit')}
          onClose={() => setEditing(null)}
          wide
          testId="session-dialog"
        >
          <SessionForm
            edition={edition}
            session={editing === 'new' ? null : editing}
            rooms={rooms}
            onSaved={() => {
              setEditing(null);
              changed();
            }}
            onCancel={() => setEditing(null)}
          />
        </Modal>
      )}
    </div>
  );
}
