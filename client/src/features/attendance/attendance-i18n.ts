import i18n from 'i18next';

// Attendance's texts (moderators' measured delay, the organizer's tab, the participant's
// certificate): French first, English checked against it by type.

const fr = {
  delay: {
    title: 'Retard mesuré des spectateurs',
    none: 'Aucun spectateur à distance ne mesure son retard pour l’instant.',
    figures_one: '{{count}} spectateur · médiane {{median}}\u00a0s · 90ᵉ centile {{p90}}\u00a0s',
    figures_other: '{{count}} spectateurs · médiane {{median}}\u00a0s · 90ᵉ centile {{p90}}\u00a0s',
    follow: 'Ajuster la fenêtre à distance au retard mesuré',
    followHint:
      'La fenêtre suit le 90ᵉ centile (arrondi à la seconde supérieure, au plus une fois par minute).',
  },
  certificate: {
    download: 'Mon attestation de présence',
    hint: 'PDF, provisoire jusqu’à la fin de l’événement.',
  },
  organizer: {
    tabs: { attendance: 'Présence' },
    attendance: {
      sessions: 'Par session',
      people: 'Par personne',
      session: 'Session',
      start: 'Début',
      length: 'Durée',
      live: 'En direct',
      replay: 'En replay',
      attendees: 'Présents',
      viewers: 'Spectateurs',
      name: 'Nom',
      organisation: 'Organisme',
      minutes: '{{count}}\u00a0min',
      exports: 'Exporter',
      csvSessions: 'Sessions · CSV',
      csvPeople: 'Personnes · CSV',
      json: 'Tout · JSON',
      certificates: 'Toutes les attestations (PDF, une page par personne)',
      settings: 'Attestations',
      organizerName: 'Organisateur',
      wording: 'Texte de l’attestation',
      wordingHint: '{name} et {edition} sont remplacés par le nom de la personne et de l’événement.',
      signatory: 'Signataire',
      save: 'Enregistrer',
      saved: 'Enregistré.',
      empty: 'Personne n’a encore suivi de session.',
    },
  },
};

const en: typeof fr = {
  delay: {
    title: 'Viewers’ measured delay',
    none: 'No remote viewer is measuring their delay yet.',
    figures_one: '{{count}} viewer · median {{median}} s · 90th percentile {{p90}} s',
    figures_other: '{{count}} viewers · median {{median}} s · 90th percentile {{p90}} s',
    follow: 'Adjust the remote window to the measured delay',
    followHint: 'The window follows the 90th percentile (rounded up to the second, at most once a minute).',
  },
  certificate: {
    download: 'My certificate of attendance',
    hint: 'PDF, provisional until the event ends.',
  },
  organizer: {
    tabs: { attendance: 'Attendance' },
    attendance: {
      sessions: 'By session',
      people: 'By person',
      session: 'Session',
      start: 'Start',
      length: 'Length',
      live: 'Live',
      replay: 'Replay',
      attendees: 'Attendees',
      viewers: 'Viewers',
      name: 'Name',
      organisation: 'Organisation',
      minutes: '{{count}} min',
      exports: 'Export',
      csvSessions: 'Sessions · CSV',
      csvPeople: 'People · CSV',
      json: 'Everything · JSON',
      certificates: 'All certificates (PDF, one page per person)',
      settings: 'Certificates',
      organizerName: 'Organizer',
      wording: 'Certificate wording',
      wordingHint: '{name} and {edition} are replaced by the person’s and the event’s names.',
      signatory: 'Signatory',
      save: 'Save',
      saved: 'Saved.',
      empty: 'Nobody has attended a session yet.',
    },
  },
};

/** Adds attendance's texts under `attendance.` and `organizer.` (idempotent). */
export function registerAttendanceTranslations(): void {
  i18n.addResourceBundle('fr', 'translation', { attendance: fr, organizer: fr.organizer }, true, true);
  i18n.addResourceBundle('en', 'translation', { attendance: en, organizer: en.organizer }, true, true);
}
