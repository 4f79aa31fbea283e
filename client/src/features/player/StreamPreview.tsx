import '../../i18n/watch.ts';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Player, PlayerFallback } from './Player.tsx';
import { detectKind } from './video-source.ts';

/**
 * The organizer's preview of a session's stream before the event, with the same player the
 * participants get: what plays here plays for them, and a link it cannot play shows the same
 * message. Opened on demand, so the console loads no video until asked.
 */
export function StreamPreview({ url, title }: { url: string; title: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const trimmed = url.trim();
  if (!trimmed) return null;
  const kind = detectKind(trimmed);
  return (
    <div className="stream-preview" data-testid="stream-preview">
      <button
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={`${id}-preview`}
        onClick={() => setOpen((o) => !o)}
        data-testid="stream-preview-toggle"
      >
        {t('watch.preview')}
      </button>
      {open && (
        <div id={`${id}-preview`} className="stream-preview-body">
          <p className="muted small">{t('watch.previewHint')}</p>
          {kind ? (
            <Player key={trimmed} source={{ kind, url: trimmed }} title={title || t('watch.player')} />
          ) : (
            <PlayerFallback url={trimmed} />
          )}
        </div>
      )}
    </div>
  );
}
