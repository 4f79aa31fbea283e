import i18n from 'i18next';

// The console's documents and partners tab: French first, English checked against it by type.

const fr = {
  tabs: { content: 'Documents et partenaires' },
  content: {
    documents: 'Documents',
    uploadHint:
      'PDF, vidéo MP4 ou WebM, jusqu’à plusieurs fichiers à la fois. Le type est vérifié d’après le contenu du fichier.',
    files: 'Fichiers',
    session: 'Séance',
    partner: 'Partenaire',
    none: '— aucun —',
    upload: 'Envoyer',
    uploading: 'Envoi… {{percent}}\u00a0%',
    stored: 'enregistré',
    title: 'Titre',
    kind: 'Type',
    attached: 'Rattaché à',
    hidden: 'Masqué',
    hide: 'Masquer',
    show: 'Afficher',
    replace: 'Remplacer le fichier',
    delete: 'Supprimer',
    noDocuments: 'Aucun document.',
    partners: 'Partenaires',
    partnerName: 'Nom',
    tier: 'Catégorie',
    stand: 'Stand',
    website: 'Site web',
    description: 'Description',
    addPartner: 'Ajouter le partenaire',
    importPartners: 'Importer un fichier CSV de partenaires',
    importHint:
      'Colonnes\u00a0: nom\u202f; description\u202f; site web\u202f; catégorie\u202f; stand\u202f; ordre.',
    imported: '{{created}} ajouté(s), {{updated}} modifié(s), {{unchanged}} inchangé(s)',
    line: 'Ligne {{line}}\u00a0: {{message}}',
    logo: 'Logo',
    contacts: 'Contacts (CSV)',
    noPartners: 'Aucun partenaire.',
    report: 'Rapport des partenaires',
    reportHint:
      'Des nombres, jamais de noms\u00a0: les contacts laissés avec consentement s’exportent à part, partenaire par partenaire.',
    reportCsv: 'Rapport (CSV)',
    print: 'Imprimer (une page par partenaire)',
    visits: 'Visites de la page',
    contactsLeft: 'Contacts laissés',
    views: 'ouvertures',
    downloads: 'téléchargements',
  },
};

const en: typeof fr = {
  tabs: { content: 'Documents and partners' },
  content: {
    documents: 'Documents',
    uploadHint: 'PDF, MP4 or WebM video, several files at once. The type is checked from the file’s content.',
    files: 'Files',
    session: 'Session',
    partner: 'Partner',
    none: '— none —',
    upload: 'Upload',
    uploading: 'Uploading… {{percent}} %',
    stored: 'stored',
    title: 'Title',
    kind: 'Kind',
    attached: 'Attached to',
    hidden: 'Hidden',
    hide: 'Hide',
    show: 'Show',
    replace: 'Replace the file',
    delete: 'Delete',
    noDocuments: 'No documents.',
    partners: 'Partners',
    partnerName: 'Name',
    tier: 'Category',
    stand: 'Stand',
    website: 'Website',
    description: 'Description',
    addPartner: 'Add the partner',
    importPartners: 'Import a CSV file of partners',
    importHint: 'Columns: name; description; website; category; stand; order.',
    imported: '{{created}} added, {{updated}} changed, {{unchanged}} unchanged',
    line: 'Line {{line}}: {{message}}',
    logo: 'Logo',
    contacts: 'Contacts (CSV)',
    noPartners: 'No partners.',
    report: 'Partners’ report',
    reportHint: 'Numbers, never names: contacts left with consent are exported apart, partner by partner.',
    reportCsv: 'Report (CSV)',
    print: 'Print (one page per partner)',
    visits: 'Page visits',
    contactsLeft: 'Contacts left',
    views: 'opened',
    downloads: 'downloaded',
  },
};

/** Adds the tab's texts under `organizer.` (merged with the console's own; idempotent). */
export function registerContentTranslations(): void {
  i18n.addResourceBundle('fr', 'translation', { organizer: fr }, true, true);
  i18n.addResourceBundle('en', 'translation', { organizer: en }, true, true);
}
