import { useTranslation } from 'react-i18next';

/** The keyboard shortcuts of the queue. */
export function HelpPanel({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    ['j / k', t('moderator.shortcuts.jk')],
    ['a', t('moderator.shortcuts.a')],
    ['r', t('moderator.shortcuts.r')],
    ['s', t('moderator.shortcuts.s')],
    ['e', t('moderator.shortcuts.e')],
    ['p', t('moderator.shortcuts.p')],
    ['d', t('moderator.shortcuts.d')],
    [t('moderator.shortcuts.escKey'), t('moderator.shortcuts.esc')],
    ['?', t('moderator.shortcuts.help')],
  ];
  return (
    <section className="card help-panel" aria-labelledby="help-title" data-testid="help-panel">
      <h2 id="help-title" className="card-title">
        {t('moderator.help')}
      </h2>
      <dl className="shortcuts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="button" onClick={onClose}>
        {t('moderator.close')}
      </button>
    </section>
  );
}
