import i18n from 'i18next';

// The session form's video box: French first, English checked against it by type.

const fr = {
  video: {
    title: 'Vidéo de la séance',
    hint: 'Le fichier (MP4 ou WebM) sert de replay après la séance\u202f; il n’est montré qu’aux inscrits de l’édition, par des liens signés de courte durée.',
    file: 'Fichier du replay',
    noFile: 'Aucun fichier.',
    size: '{{mb}}\u00a0Mo',
    upload: 'Envoyer le fichier',
    uploading: 'Envoi… {{percent}}\u00a0%',
    remove: 'Retirer le fichier',
    preview: 'Aperçu',
    offset: 'Début de la séance dans la vidéo (secondes)',
    offsetHint: 'La chronologie du replay (questions, sondages, nuages) se cale sur ce point.',
    fileIsLive: 'Diffuser ce fichier comme direct pendant la séance (séance préenregistrée)',
    saveSettings: 'Enregistrer le réglage',
    saved: 'Enregistré.',
  },
};

const en: typeof fr = {
  video: {
    title: 'Session video',
    hint: 'The file (MP4 or WebM) is the replay after the session; only the edition’s registrants see it, through short-lived signed links.',
    file: 'Replay file',
    noFile: 'No file.',
    size: '{{mb}} MB',
    upload: 'Upload the file',
    uploading: 'Uploading… {{percent}}\u00a0%',
    remove: 'Remove the file',
    preview: 'Preview',
    offset: 'Where the session starts in the video (seconds)',
    offsetHint: 'The replay’s timeline (questions, polls, clouds) follows this point.',
    fileIsLive: 'Play this file as the live stream during the session (pre-recorded session)',
    saveSettings: 'Save the setting',
    saved: 'Saved.',
  },
};

/** Adds the box's texts under `organizer.` (merged with the console's own; idempotent). */
export function registerWatchTranslations(): void {
  i18n.addResourceBundle('fr', 'translation', { organizer: fr }, true, true);
  i18n.addResourceBundle('en', 'translation', { organizer: en }, true, true);
}
