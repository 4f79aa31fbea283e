import i18n from 'i18next';
import { watchEn } from './watch.en.ts';
import { watchFr } from './watch.fr.ts';

// The player's, the replay pages' and the programme's live-and-next texts under `watch.`, added
// when a view that shows them loads: the join page (under a size budget) does not carry them.
i18n.addResourceBundle('fr', 'translation', { watch: watchFr }, true, true);
i18n.addResourceBundle('en', 'translation', { watch: watchEn }, true, true);
