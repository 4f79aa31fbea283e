import type { PreviewResources } from './preview.fr.ts';

export const previewEn: PreviewResources = {
  ratio: 'Screen shape',
  theme: 'Theme of the preview and of the projector opened from here',
  themeOwn: 'The edition’s theme',
  theme_dark: 'Dark',
  theme_light: 'Light',
  theme_contrast: 'High contrast',
  theme_edition: 'The edition’s colours',
};
