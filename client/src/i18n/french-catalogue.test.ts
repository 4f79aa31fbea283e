import { readFileSync } from 'node:fs';
import { frenchSpacing } from '@agora/shared';
import i18n from 'i18next';
import { describe, expect, it } from 'vitest';
import { registerAttendanceTranslations } from '../features/attendance/attendance-i18n.ts';
import { registerContentTranslations } from '../views/organizer/content-i18n.ts';
import { registerOrganizerTranslations } from '../views/organizer/i18n.ts';
import { registerWatchTranslations } from '../views/organizer/watch-i18n.ts';
import { fr } from './fr.ts';

/** Every French text of the interface, by key, with the bundles that views add when they load. */
async function frenchTexts(): Promise<[string, string][]> {
  await i18n.init({ resources: { fr: { translation: fr } }, lng: 'fr' });
  // These add their bundle when imported (the join page does not carry them).
  await Promise.all([import('./room.ts'), import('./preview.ts'), import('./watch.ts')]);
  registerAttendanceTranslations();
  registerContentTranslations();
  registerOrganizerTranslations();
  registerWatchTranslations();
  const texts: [string, string][] = [];
  const walk = (node: unknown, key: string) => {
    if (typeof node === 'string') texts.push([key, node]);
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) walk(v, key ? `${key}.${k}` : k);
  };
  walk(i18n.getResourceBundle('fr', 'translation'), '');
  return texts;
}

describe('the French catalogue', () => {
  it('already has its no-break spaces before ? ! ; : and inside « guillemets »', async () => {
    const texts = await frenchTexts();
    expect(texts.length).toBeGreaterThan(500);
    const wrong = texts.filter(([, text]) => frenchSpacing(text, { addMissing: true }) !== text);
    expect(wrong.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });

  it('includes the installed app’s name and description (the web manifest, in French)', () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../../public/manifest.webmanifest', import.meta.url), 'utf8'),
    ) as { name: string; description: string };
    for (const text of [manifest.name, manifest.description]) {
      expect(frenchSpacing(text, { addMissing: true })).toBe(text);
    }
  });
});
