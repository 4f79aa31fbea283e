import '../../i18n/preview.ts';
import { ProjectorTheme, type Programme, type ProgrammeSession } from '@agora/shared';
import { lazy, Suspense, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../../state/connection.state.ts';
import { moderatorProjectorScreen, type ModeratorSession } from '../../state/session.state.ts';
import { projectorLook } from '../projector/projector-look.ts';

// The projector's drawing (with the QR and cloud libraries) comes in its own chunk, shared with
// the projector's page: the console shows its queue without waiting for it.
const ProjectorDisplay = lazy(() =>
  import('../projector/ProjectorDisplay.tsx').then((m) => ({ default: m.ProjectorDisplay })),
);

export type PreviewRatio = '16:9' | '4:3';
/** How the preview draws the projector: the screen's shape and its theme (`null`: the edition's). */
export type PreviewSettings = { ratio: PreviewRatio; theme: ProjectorTheme | null };

const RATIOS: readonly PreviewRatio[] = ['16:9', '4:3'];

/** The projector page's address for these settings: a theme other than the edition's goes in `?theme=`. */
export function projectorHref(base: string, settings: PreviewSettings): string {
  return settings.theme ? `${base}?theme=${settings.theme}` : base;
}

/**
 * What the session's projectors show now, drawn small from the moderator's own session (no second
 * connection): the same component as the projector's page in a frame of the chosen shape, with the
 * edition's look or the theme chosen here (the « Ouvrir le projecteur » link then opens with it).
 */
export function ProjectorPreview({
  programme,
  session,
  state,
  connection,
  settings,
  onSettings,
}: {
  programme: Programme;
  session: ProgrammeSession;
  state: ModeratorSession | null;
  connection: ConnectionState;
  settings: PreviewSettings;
  onSettings: (settings: PreviewSettings) => void;
}) {
  const { t } = useTranslation();
  const themeId = useId();
  const screen = useMemo(
    () => (state ? moderatorProjectorScreen(state) : { kind: 'join' as const }),
    [state],
  );
  const look = useMemo(
    () => projectorLook(programme, settings.theme ? `?theme=${settings.theme}` : ''),
    [programme, settings.theme],
  );
  return (
    <div className="projector-preview" data-testid="projector-preview">
      <div className="projector-preview-controls">
        <div className="segmented" role="group" aria-label={t('preview.ratio')}>
          {RATIOS.map((ratio) => (
            <button
              key={ratio}
              type="button"
              aria-pressed={settings.ratio === ratio}
              onClick={() => onSettings({ ...settings, ratio })}
              data-testid={`preview-ratio-${ratio.replace(':', '-')}`}
            >
              {ratio}
            </button>
          ))}
        </div>
        <label htmlFor={themeId} className="sr-only">
          {t('preview.theme')}
        </label>
        <select
          id={themeId}
          value={settings.theme ?? ''}
          onChange={(e) => {
            const theme = ProjectorTheme.safeParse(e.target.value);
            onSettings({ ...settings, theme: theme.success ? theme.data : null });
          }}
          data-testid="preview-theme"
        >
          <option value="">{t('preview.themeOwn')}</option>
          {ProjectorTheme.options.map((theme) => (
            <option key={theme} value={theme}>
              {t(`preview.theme_${theme}`)}
            </option>
          ))}
        </select>
      </div>
      {/* A picture of the screen: the « À l'écran » panel around it says the same in words. */}
      <div
        className={`projector-frame projector-preview-frame ratio-${settings.ratio.replace(':', '-')}`}
        aria-hidden="true"
        data-ratio={settings.ratio}
      >
        <Suspense fallback={null}>
          <ProjectorDisplay
            programme={programme}
            session={session}
            screen={screen}
            black={state?.live.blackout ?? false}
            connection={connection}
            look={look}
            preview
          />
        </Suspense>
      </div>
    </div>
  );
}
