import type { AppErrorBody, ModerationAction, ModQuestion } from '@agora/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSend } from '../../realtime/session-store.ts';
import { useFrenchSpacing } from '../../ui/use-french-spacing.ts';

type Progress =
  | { kind: 'idle' }
  | { kind: 'busy'; done: number; count: number }
  | { kind: 'done'; done: number; refused: { q: ModQuestion; error: AppErrorBody }[] };

/**
 * Approve or reject every pending question the filters and the search show, one command per
 * question (each acked by the server, so each is durable or refused on its own); the refusals are
 * listed with their reason, the others are done.
 */
export function BulkActions({ shown, send }: { shown: readonly ModQuestion[]; send: SessionSend }) {
  const { t } = useTranslation();
  const spaced = useFrenchSpacing();
  const [progress, setProgress] = useState<Progress>({ kind: 'idle' });
  const pending = shown.filter((q) => q.status === 'pending');

  const run = async (action: Extract<ModerationAction, 'approve' | 'reject'>) => {
    const targets = [...pending];
    const refused: { q: ModQuestion; error: AppErrorBody }[] = [];
    let done = 0;
    setProgress({ kind: 'busy', done, count: targets.length });
    for (const q of targets) {
      const ack = await send('question:moderate', { questionId: q.id, action });
      if (ack.ok) done += 1;
      else refused.push({ q, error: ack.error });
      setProgress({ kind: 'busy', done: done + refused.length, count: targets.length });
    }
    setProgress({ kind: 'done', done, refused });
  };

  const busy = progress.kind === 'busy';
  if (pending.length === 0 && progress.kind === 'idle') return null;
  return (
    <div className="bulk-actions" data-testid="bulk-actions">
      {pending.length > 0 && (
        <div className="bulk-buttons">
          <button
            type="button"
            className="button small-button"
            disabled={busy}
            onClick={() => void run('approve')}
            data-testid="bulk-approve"
          >
            {t('views.bulkApprove', { count: pending.length })}
          </button>
          <button
            type="button"
            className="button small-button danger"
            disabled={busy}
            onClick={() => void run('reject')}
            data-testid="bulk-reject"
          >
            {t('views.bulkReject', { count: pending.length })}
          </button>
        </div>
      )}
      <div role="status" className="small" data-testid="bulk-result">
        {progress.kind === 'busy' && t('views.bulkBusy', { done: progress.done, count: progress.count })}
        {progress.kind === 'done' && (
          <>
            {t('views.bulkDone', { done: progress.done, refused: progress.refused.length })}
            {progress.refused.length > 0 && (
              <ul className="bulk-refused">
                {progress.refused.map(({ q, error }) => (
                  <li key={q.id}>
                    {t('views.bulkRefused', { text: spaced(q.text), message: error.message })}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </div>
  );
}
