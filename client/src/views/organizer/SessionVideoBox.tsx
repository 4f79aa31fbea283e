import type { AppErrorBody, SessionVideoAdmin } from '@agora/shared';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OrgError } from './ui.tsx';
import { watchApi } from './watch-api.ts';
import { registerWatchTranslations } from './watch-i18n.ts';
import './session-video.css';

registerWatchTranslations();

const megabytes = (bytes: number, lang: string) =>
  new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024));

/**
 * A session's replay file and video settings, inside the session form (its own requests: an
 * upload is not part of the form's save). Each action answers with the whole state, shown as is.
 */
export function SessionVideoBox({ slug, sessionId }: { slug: string; sessionId: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [video, setVideo] = useState<SessionVideoAdmin | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [offset, setOffset] = useState('0');
  const [error, setError] = useState<AppErrorBody | null>(null);
  const [saved, setSaved] = useState(false);

  const show = (next: SessionVideoAdmin) => {
    setVideo(next);
    setOffset(String(next.videoStartOffsetSeconds));
  };

  useEffect(() => {
    let live = true;
    void watchApi.video(slug, sessionId).then((res) => {
      if (!live) return;
      if (res.ok) show(res.data);
      else setError(res.error);
    });
    return () => {
      live = false;
    };
  }, [slug, sessionId]);

  const answer = (res: Awaited<ReturnType<typeof watchApi.video>>) => {
    setProgress(null);
    setSaved(res.ok);
    if (res.ok) {
      show(res.data);
      setError(null);
    } else setError(res.error);
  };

  const upload = async () => {
    if (!file) return;
    setProgress(0);
    answer(await watchApi.upload(slug, sessionId, file, setProgress));
    setFile(null);
  };

  if (!video) return <OrgError error={error} testId="video-error" />;
  return (
    <fieldset className="org-video" data-testid="session-video">
      <legend>{t('organizer.video.title')}</legend>
      <p className="field-hint">{t('organizer.video.hint')}</p>
      <p data-testid="video-file">
        {video.file ? (
          <>
            {video.file.name} · {t('organizer.video.size', { mb: megabytes(video.file.size, i18n.language) })}{' '}
            {video.fileUrl && (
              <a href={video.fileUrl} target="_blank" rel="noopener noreferrer">
                {t('organizer.video.preview')}
              </a>
            )}
          </>
        ) : (
          t('organizer.video.noFile')
        )}
      </p>
      <label className="field-label" htmlFor={`${id}-file`}>
        {t('organizer.video.file')}
      </label>
      <input
        id={`${id}-file`}
        type="file"
        accept="video/mp4,video/webm"
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        data-testid="video-input"
      />
      <div className="org-actions">
        <button
          type="button"
          className="button"
          disabled={!file || progress !== null}
          onClick={() => void upload()}
        >
          {progress !== null
            ? t('organizer.video.uploading', { percent: Math.round(progress * 100) })
            : t('organizer.video.upload')}
        </button>
        {video.file && (
          <button
            type="button"
            className="button"
            onClick={() => void watchApi.remove(slug, sessionId).then(answer)}
          >
            {t('organizer.video.remove')}
          </button>
        )}
      </div>
      <label className="field-label" htmlFor={`${id}-offset`}>
        {t('organizer.video.offset')}
      </label>
      <input
        id={`${id}-offset`}
        type="number"
        min={0}
        max={86_400}
        value={offset}
        onChange={(e) => setOffset(e.target.value)}
        aria-describedby={`${id}-offset-hint`}
        data-testid="video-offset"
      />
      <p className="field-hint" id={`${id}-offset-hint`}>
        {t('organizer.video.offsetHint')}
      </p>
      <label className="org-video-check">
        <input
          type="checkbox"
          checked={video.fileIsLive}
          onChange={(e) =>
            void watchApi.update(slug, sessionId, { fileIsLive: e.target.checked }).then(answer)
          }
        />{' '}
        {t('organizer.video.fileIsLive')}
      </label>
      <div className="org-actions">
        <button
          type="button"
          className="button"
          onClick={() =>
            void watchApi
              .update(slug, sessionId, { videoStartOffsetSeconds: Number(offset) || 0 })
              .then(answer)
          }
          data-testid="video-save"
        >
          {t('organizer.video.saveSettings')}
        </button>
        {saved && <span className="muted small">{t('organizer.video.saved')}</span>}
      </div>
      <OrgError error={error} testId="video-error" />
    </fieldset>
  );
}
