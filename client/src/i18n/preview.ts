import i18n from 'i18next';
import { previewEn } from './preview.en.ts';
import { previewFr } from './preview.fr.ts';

// The projector preview's texts under `preview.`, added with the moderator's console: the join
// page (under a size budget) does not carry them.
i18n.addResourceBundle('fr', 'translation', { preview: previewFr }, true, true);
i18n.addResourceBundle('en', 'translation', { preview: previewEn }, true, true);
