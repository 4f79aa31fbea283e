import { contrastRatio, limits, ProjectorTheme, type ProjectorLook } from '@agora/shared';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './projector-look.css';

/** A data URL's length for a file of `bytes` (base64: 4 characters per 3 bytes, plus the prefix). */
const dataUrlLength = (bytes: number, type: string) =>
  Math.ceil(bytes / 3) * 4 + `data:${type};base64,`.length;

/**
 * The edition's projector look, in its form: theme, colours, logo. The server checks the same
 * rules (shared/src/schemas/projector.ts); the accent's contrast is shown while it is chosen.
 */
export function ProjectorLookFields({
  value,
  onChange,
}: {
  value: ProjectorLook;
  onChange: (look: ProjectorLook) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [logoError, setLogoError] = useState(false);
  const ratio = contrastRatio(value.background, value.accent);

  const readLogo = (file: File | undefined) => {
    if (!file) return;
    const tooBig = dataUrlLength(file.size, file.type) > limits.projectorLogoMaxLength;
    setLogoError(tooBig);
    if (tooBig) return;
    const reader = new FileReader();
    reader.onload = () => {
      if (typeof reader.result === 'string') onChange({ ...value, logo: reader.result });
    };
    reader.readAsDataURL(file);
  };

  return (
    <fieldset className="span-2 look-fields" data-testid="edition-look">
      <legend className="field-label">{t('organizer.look.title')}</legend>
      <div className="org-grid-2">
        <div>
          <label className="field-label" htmlFor={`${id}-theme`}>
            {t('organizer.look.theme')}
          </label>
          <select
            id={`${id}-theme`}
            value={value.theme}
            onChange={(e) => onChange({ ...value, theme: ProjectorTheme.parse(e.target.value) })}
            data-testid="look-theme"
          >
            {ProjectorTheme.options.map((theme) => (
              <option key={theme} value={theme}>
                {t(`organizer.look.${theme}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="look-colours">
          <label className="field-label">
            {t('organizer.look.background')}
            <input
              type="color"
              value={value.background}
              onChange={(e) => onChange({ ...value, background: e.target.value })}
            />
          </label>
          <label className="field-label">
            {t('organizer.look.accent')}
            <input
              type="color"
              value={value.accent}
              onChange={(e) => onChange({ ...value, accent: e.target.value })}
            />
          </label>
        </div>
        {ratio < 3 && (
          <p className="org-warning small span-2" role="status">
            {t('organizer.look.accentLow', { ratio: ratio.toFixed(1) })}
          </p>
        )}
        <div className="span-2">
          <label className="field-label" htmlFor={`${id}-logo`}>
            {t('organizer.look.logo')}
          </label>
          <input
            id={`${id}-logo`}
            type="file"
            accept="image/png,image/jpeg,image/webp,image/svg+xml"
            onChange={(e) => readLogo(e.target.files?.[0])}
            data-testid="look-logo"
          />
          {logoError && (
            <p className="org-warning small" role="alert">
              {t('organizer.look.logoTooBig')}
            </p>
          )}
          {value.logo && (
            <p className="look-logo">
              <img src={value.logo} alt="" height={40} />
              <button
                type="button"
                className="button small-button"
                onClick={() => onChange({ ...value, logo: null })}
              >
                {t('organizer.look.removeLogo')}
              </button>
            </p>
          )}
          <p className="field-hint">{t('organizer.look.hint')}</p>
        </div>
      </div>
    </fieldset>
  );
}
