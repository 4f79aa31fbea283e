import i18n from 'i18next';
import { roomEn } from './room.en.ts';
import { roomFr } from './room.fr.ts';

// The phone's submission states under `room.`, added with the session room (and the replay
// page, which shares its widgets): the join page (under a size budget) does not carry them.
i18n.addResourceBundle('fr', 'translation', { room: roomFr }, true, true);
i18n.addResourceBundle('en', 'translation', { room: roomEn }, true, true);
