/** Texts of the moderator console's projector preview (French first). */
export const previewFr = {
  ratio: 'Format de l’écran',
  theme: 'Thème de l’aperçu et du projecteur ouvert d’ici',
  themeOwn: 'Thème de l’édition',
  theme_dark: 'Sombre',
  theme_light: 'Clair',
  theme_contrast: 'Contraste élevé',
  theme_edition: 'Couleurs de l’édition',
} as const;

export type PreviewResources = { readonly [K in keyof typeof previewFr]: string };
