import i18n from 'i18next';
import { en } from './i18n.en.ts';
import { fr } from './i18n.fr.ts';

// The organizer console's texts (i18n.fr.ts, i18n.en.ts), loaded with the console (its own chunk).

/** Adds the console's texts under `organizer.` (idempotent: the console may mount again). */
export function registerOrganizerTranslations(): void {
  i18n.addResourceBundle('fr', 'translation', { organizer: fr }, true, true);
  i18n.addResourceBundle('en', 'translation', { organizer: en }, true, true);
}
