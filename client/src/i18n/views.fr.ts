// The projector's and the moderator console's newer strings (fr.ts is near its size limit).
export const viewsFr = {
  black: 'Écran noir',
  blackOn: 'Écran noir activé\u00a0: les projecteurs n’affichent rien.',
  blackHint: 'Les projecteurs passent au noir, ce qui est à l’écran y reste pour la suite.',
  announceBlack: 'Écran noir activé',
  announceUnblack: 'Écran rallumé',
  search: 'Rechercher (texte ou auteur)',
  bulkApprove_one: 'Approuver la question affichée',
  bulkApprove_other: 'Approuver les {{count}} questions affichées',
  bulkReject_one: 'Rejeter la question affichée',
  bulkReject_other: 'Rejeter les {{count}} questions affichées',
  bulkBusy: 'En cours… {{done}}\u00a0/\u00a0{{count}}',
  bulkDone: '{{done}} traitée(s), {{refused}} refusée(s)',
  bulkRefused: '«\u00a0{{text}}\u00a0»\u00a0: {{message}}',
  balanceTitle: 'Équilibre salle / distance',
  balanceHint: 'Questions répondues ou à l’écran jusqu’ici.',
  balanceCounts: 'Salle\u00a0: {{onsite}} · À distance\u00a0: {{remote}}',
  nextTitle: 'Question suivante suggérée',
  nextBehind_onsite: 'La salle est en retard\u00a0: une question de la salle.',
  nextBehind_remote: 'La distance est en retard\u00a0: une question à distance.',
  nextEven: 'Équilibre atteint\u00a0: la mieux placée.',
  nextNone: 'Aucune question approuvée en attente.',
  showNext: 'Mettre à l’écran',
  warnNobody: '«\u00a0{{title}}\u00a0» est ouvert mais personne ne peut répondre (réglage de la séance).',
  warnRemote:
    '«\u00a0{{title}}\u00a0» est ouvert mais les téléphones à distance ne peuvent pas répondre (réglage de la séance).',
} as const;

type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type ViewsResources = Strings<typeof viewsFr>;
