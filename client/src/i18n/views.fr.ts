// The projector's and the moderator console's newer strings (fr.ts is near its size limit).
export const viewsFr = {
  black: 'Écran noir',
  blackOn: 'Écran noir activé\u00a0: les projecteurs n’affichent rien.',
  blackHint: 'Les projecteurs passent au noir, ce qui est à l’écran y reste pour la suite.',
  announceBlack: 'Écran noir activé',
  announceUnblack: 'Écran rallumé',
} as const;

type Strings<T> = { readonly [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };
export type ViewsResources = Strings<typeof viewsFr>;
