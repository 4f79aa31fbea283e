/** Where each of a participant's submissions stands, on the phone (French first). */
export const roomFr = {
  state: {
    queued: 'Hors connexion',
    sending: 'Envoi…',
    stored: 'Reçue',
    approved: 'Approuvée',
    onScreen: 'À l’écran',
    answered: 'Répondue',
    rejected: 'Non retenue',
    merged: 'Fusionnée',
  },
  question: {
    queued: 'Gardée sur ce téléphone\u00a0: elle partira dès le retour de la connexion.',
    sending: 'Envoi en cours…',
    stored: 'Bien reçue et enregistrée\u202f; en attente de modération.',
    approved: 'Approuvée\u00a0: tout le monde la voit et peut la soutenir.',
    onScreen: 'Affichée en ce moment sur l’écran de la salle.',
    answered: 'L’intervenant·e y a répondu.',
    rejected: 'Non retenue par la modération\u00a0: vous seul·e la voyez.',
    merged: 'Fusionnée avec une question similaire.',
  },
  ballot: {
    queued:
      'Hors connexion\u00a0: votre vote est gardé sur ce téléphone et partira dès le retour de la connexion.',
    sending: 'Envoi de votre vote…',
  },
  word: {
    queued: 'hors connexion, partira au retour du réseau',
    sending: 'envoi en cours',
    stored: 'enregistré',
  },
  announce: {
    queued: 'Hors connexion\u00a0: gardé sur ce téléphone, envoyé dès le retour de la connexion.',
    questionStored: 'Question enregistrée, en attente de modération\u00a0: {{text}}',
    questionRejected: 'Votre question n’a pas été retenue\u00a0: {{text}}',
    questionAnswered: 'Votre question est marquée comme répondue\u00a0: {{text}}',
    questionMerged: 'Votre question a été fusionnée avec une question similaire\u00a0: {{text}}',
    myQuestionOnScreen: 'Votre question est à l’écran\u00a0: {{text}}',
  },
} as const;

type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type RoomResources = Strings<typeof roomFr>;
